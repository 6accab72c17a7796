// Stocktrail's only script: the serial popup, the serial picker, the batch picker and document lines that can be added.
// Every form works without it (the serial boxes are plain text areas then); it makes serial entry quick and checked.
"use strict";
document.documentElement.classList.add("js");

const $ = (selector, root = document) => root.querySelector(selector);
const $$ = (selector, root = document) => Array.from(root.querySelectorAll(selector));

function debounce(fn, ms) {
    let timer;
    const debounced = (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
    debounced.cancel = () => clearTimeout(timer);
    return debounced;
}

function escapeHtml(text) {
    return text.replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}

/** The row of a document a widget sits on: its product, quantity and warehouse come from there or from data attributes. */
function lineContext(el) {
    const row = el.closest("[data-row]") || el.closest("form") || document;
    const productSelect = $("select.product-select", row);
    const option = productSelect ? productSelect.selectedOptions[0] : null;
    const qtyInput = $("input.qty", row);
    const warehouseSelect = el.dataset.warehouseSelect ? $(el.dataset.warehouseSelect) : null;
    const quantity = qtyInput ? parseFloat(qtyInput.value) : parseFloat(el.dataset.quantity);
    return {
        row,
        qtyInput,
        productId: el.dataset.productId || (productSelect ? productSelect.value : ""),
        sku: el.dataset.sku || (option && option.value ? option.dataset.sku : ""),
        quantity: Number.isFinite(quantity) ? quantity : null,
        warehouseId: el.dataset.warehouseId || (warehouseSelect ? warehouseSelect.value : ""),
        warehouseCode: warehouseSelect && warehouseSelect.selectedOptions[0] ? warehouseSelect.selectedOptions[0].text : (el.dataset.warehouseCode || "the warehouse"),
    };
}

// Every change the script sends carries the page's antiforgery token, as a form carries it in a field: the server
// refuses a change made with the sign-in cookie without it (so that no other site can make one).
function withAntiforgery(headers = {}) {
    const token = document.querySelector('meta[name="request-verification-token"]')?.content;
    return token ? { ...headers, "RequestVerificationToken": token } : headers;
}

async function checkSerials(el, text) {
    const ctx = lineContext(el);
    if (!ctx.productId) return null;
    const response = await fetch("/api/serial-checks", {
        method: "POST",
        headers: withAntiforgery({ "Content-Type": "application/json", "Accept": "application/json" }),
        body: JSON.stringify({
            productId: Number(ctx.productId),
            quantity: ctx.quantity,
            text,
            mode: el.dataset.mode || "new",
            warehouseId: ctx.warehouseId ? Number(ctx.warehouseId) : null,
        }),
    });
    if (!response.ok) throw new Error(`The serial check answered ${response.status}.`);
    return { ctx, result: await response.json() };
}

function countText(count, quantity) {
    return quantity ? `${count} of ${quantity}` : `${count} serial${count === 1 ? "" : "s"}`;
}

// ---- The serial entry popup: an (i) on each serialized line opens it. -------------------------------------------

const entryChecks = new WeakMap();

function setupEntry(el) {
    const button = $(".info-button", el);
    button.addEventListener("click", () => openDialog(el));
    const refresh = debounce(() => refreshEntry(el), 250);
    entryChecks.set(el, refresh);
    const { qtyInput } = lineContext(el);
    if (qtyInput) qtyInput.addEventListener("input", refresh);
    refreshEntry(el);
}

async function refreshEntry(el) {
    const text = $("textarea.serial-text", el).value;
    const countEl = $(".serial-count", el);
    const ctx = lineContext(el);
    if (!text.trim()) {
        countEl.textContent = countText(0, ctx.quantity);
        countEl.className = "serial-count" + (ctx.quantity ? " short" : "");
        return;
    }
    try {
        const checked = await checkSerials(el, text);
        if (!checked) return;
        const { result } = checked;
        const bad = result.lines.filter(l => l.problems.length > 0).length + result.problems.length;
        countEl.textContent = countText(result.count, ctx.quantity) + (bad ? ` · ${bad} problem${bad === 1 ? "" : "s"}` : "");
        countEl.className = "serial-count " + (bad || (ctx.quantity && result.count !== ctx.quantity) ? "short" : "full");
    } catch (error) {
        countEl.textContent = error.message;
    }
}

const dialog = $("#serial-dialog");
let dialogEntry = null;
let dialogSequence = 0;

function openDialog(el) {
    dialogEntry = el;
    const ctx = lineContext(el);
    $("#serial-dialog-title").textContent = `Serials for ${el.dataset.label || ctx.sku || "this line"}`;
    const textarea = $("#serial-dialog-text");
    textarea.value = $("textarea.serial-text", el).value;
    dialog.returnValue = "";
    showGenerate(el);
    dialog.showModal();
    textarea.focus();
    textarea.setSelectionRange(textarea.value.length, textarea.value.length);
    runDialogCheck();
}

function renderBackdrop(lines, extraBad) {
    const textarea = $("#serial-dialog-text");
    const bad = new Set(lines.filter(l => l.problems.length > 0).map(l => l.line));
    const html = textarea.value.split("\n").map((line, i) => {
        const marked = bad.has(i + 1) || extraBad.has(line.trim().toUpperCase());
        return marked && line.length > 0 ? `<mark>${escapeHtml(line)}</mark>` : escapeHtml(line);
    }).join("\n");
    $(".backdrop", dialog).innerHTML = html + "\n ";
    syncScroll();
}

function syncScroll() {
    $(".backdrop", dialog).scrollTop = $("#serial-dialog-text").scrollTop;
}

async function runDialogCheck() {
    if (!dialogEntry) return;
    const sequence = ++dialogSequence;
    const text = $("#serial-dialog-text").value;
    const countEl = $("#serial-dialog-count");
    const problemsEl = $("#serial-dialog-problems");
    const extraBad = new Set((dialogEntry.dataset.bad || "").split("\n").filter(s => s).map(s => s.trim().toUpperCase()));
    try {
        const checked = await checkSerials(dialogEntry, text);
        if (sequence !== dialogSequence || !checked) return;
        const { ctx, result } = checked;
        countEl.textContent = countText(result.count, ctx.quantity);
        countEl.className = "count " + (ctx.quantity && result.count === ctx.quantity ? "full" : "short");
        const items = result.problems.map(p => `<li>${escapeHtml(p)}</li>`);
        for (const line of result.lines)
            for (const problem of line.problems)
                items.push(`<li data-line="${line.line}">Line ${line.line}: ${escapeHtml(problem)}</li>`);
        problemsEl.innerHTML = items.join("");
        renderBackdrop(result.lines, extraBad);
    } catch (error) {
        countEl.textContent = error.message;
    }
}

// "Generate N": new serials (receiving, production output) proposed from the product's pattern, never used before.
function openCount(el) {
    const typed = $("#serial-dialog-text").value.split(/[\n,]/).filter(s => s.trim()).length;
    const quantity = lineContext(el).quantity;
    return quantity ? Math.max(0, quantity - typed) : 1;
}

function showGenerate(el) {
    const button = $("#serial-dialog-generate");
    if (!button) return;
    const forNew = (el.dataset.mode || "new") !== "existing" && el.dataset.mode !== "instock";
    button.hidden = !forNew || !lineContext(el).productId;
    button.textContent = `Generate ${openCount(el) || ""}`.trim();
}

async function generateSerials() {
    const el = dialogEntry;
    const count = el && openCount(el);
    if (!count) return;
    const response = await fetch(`/api/products/${encodeURIComponent(lineContext(el).productId)}/serial-numbers`, {
        method: "POST",
        headers: withAntiforgery({ "Content-Type": "application/json", "Accept": "application/json" }),
        body: JSON.stringify({ count }),
    });
    const body = await response.json();
    if (!response.ok) { $("#serial-dialog-count").textContent = body.detail || `Generating answered ${response.status}.`; return; }
    const textarea = $("#serial-dialog-text");
    textarea.value = (textarea.value.replace(/\n+$/, "") + "\n" + body.serials.join("\n")).replace(/^\n/, "");
    showGenerate(el);
    runDialogCheck();
}

// A GS1 label scanned into the serial box (code, then Enter) is replaced by the serial it carries.
async function readGs1Lines(textarea) {
    const lines = textarea.value.split("\n");
    const done = lines.slice(0, -1);
    if (!done.some(looksLikeGs1)) return false;
    for (let i = 0; i < done.length; i++) {
        if (!looksLikeGs1(done[i])) continue;
        const response = await fetch("/api/scans", { method: "POST", headers: withAntiforgery({ "Content-Type": "application/json", "Accept": "application/json" }), body: JSON.stringify({ code: done[i] }) });
        if (response.ok) { const scan = await response.json(); if (scan.serial) done[i] = scan.serial; }
    }
    const rest = textarea.value.split("\n").slice(done.length);
    textarea.value = [...done, ...rest].join("\n");
    return true;
}

if (dialog) {
    const textarea = $("#serial-dialog-text");
    const check = debounce(runDialogCheck, 200);
    const readLabels = debounce(async () => { if (await readGs1Lines(textarea)) runDialogCheck(); }, 100);
    textarea.addEventListener("input", () => { renderBackdrop([], new Set()); check(); readLabels(); if (dialogEntry) showGenerate(dialogEntry); });
    $("#serial-dialog-generate")?.addEventListener("click", generateSerials);
    textarea.addEventListener("scroll", syncScroll);
    textarea.addEventListener("keydown", event => {
        if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            dialog.close("done");
        }
    });
    dialog.addEventListener("close", () => {
        if (dialogEntry && dialog.returnValue === "done") {
            $("textarea.serial-text", dialogEntry).value = textarea.value.replace(/\n+$/, "");
            refreshEntry(dialogEntry);
        }
        const button = dialogEntry && $(".info-button", dialogEntry);
        dialogEntry = null;
        if (button) button.focus();
    });
}

// ---- The serial picker: choose, by search or scan, only serials in stock in the chosen warehouse. ------------------

// What a scanner reading a GS1 label types: parentheses, a symbology identifier, GS separators, or (01) and a GTIN.
function looksLikeGs1(code) {
    return /^\(\d{2,4}\)/.test(code) || /^\][CdQe]\d/.test(code) || code.includes("\u001d") || /^01\d{14}\d{2}/.test(code);
}

// A pasted list as Domain/SerialList.cs reads it: lines or commas, and closed ranges SN-0001..SN-0250 (same text
// around a number of the same width). The server checks each serial again when the form is sent.
function expandList(text) {
    const serials = [];
    for (const piece of text.split(/[\n,\r]/).map(p => p.trim()).filter(p => p)) {
        const range = /^(.*?)(\d+)(\D*)\.\.(.*?)(\d+)(\D*)$/.exec(piece);
        if (range && range[1] === range[4] && range[3] === range[6] && range[2].length === range[5].length && Number(range[5]) >= Number(range[2]) && Number(range[5]) - Number(range[2]) < 100000) {
            for (let n = Number(range[2]); n <= Number(range[5]); n++) serials.push(range[1] + String(n).padStart(range[2].length, "0") + range[3]);
        } else serials.push(piece);
    }
    return serials;
}

function setupPicker(el) {
    const text = $("textarea.serial-text", el);
    const chosen = text.value.split(/[\n,]/).map(s => s.trim()).filter(s => s);
    const bad = new Set((el.dataset.bad || "").split("\n").filter(s => s).map(s => s.toUpperCase()));
    el.insertAdjacentHTML("beforeend",
        `<ul class="chips" aria-label="Chosen serials"></ul>
         <input type="search" placeholder="Search or scan a serial" autocomplete="off" role="combobox" aria-expanded="false" aria-autocomplete="list">
         <ul class="options" role="listbox"></ul>
         <div class="picker-message" aria-live="polite"></div>
         <span class="serial-count"></span>`);
    const input = $("input[type=search]", el);
    const options = $("ul.options", el);
    const chips = $("ul.chips", el);
    const message = $(".picker-message", el);
    const count = $(".serial-count", el);
    input.setAttribute("aria-label", `Serial for ${el.dataset.label || "this line"}`);
    let found = [];
    let active = -1;
    let sequence = 0;
    let arrowed = false;

    // Each scanned or pasted code shows at once as a chip, "checking" until the stock list says accepted or refused.
    const states = new Map(); // upper-case serial -> { state: "checking" | "refused", why }
    const sync = () => {
        const kept = chosen.filter(s => states.get(s.toUpperCase())?.state !== "refused");
        text.value = kept.join("\n");
        chips.innerHTML = chosen.map((s, i) => {
            const st = states.get(s.toUpperCase());
            const cls = st?.state === "refused" || bad.has(s.toUpperCase()) ? "bad" : st?.state === "checking" ? "checking" : "accepted";
            return `<li class="${cls}" data-serial="${escapeHtml(s)}" title="${escapeHtml(st?.why || "")}"><span class="mono">${escapeHtml(s)}</span><button type="button" data-remove="${i}" aria-label="Remove ${escapeHtml(s)}">×</button></li>`;
        }).join("");
        const ctx = lineContext(el);
        if (ctx.qtyInput && ctx.qtyInput.dataset.follow === "1") ctx.qtyInput.value = kept.length || "";
        const quantity = lineContext(el).quantity;
        count.textContent = quantity ? `${kept.length} of ${quantity} chosen` : `${kept.length} chosen`;
        count.className = "serial-count " + (quantity && kept.length === quantity ? "full" : "short");
    };
    const render = () => {
        options.innerHTML = found.map((item, i) =>
            `<li role="option" id="${el.id || "p"}-opt-${i}" aria-selected="${i === active}" data-serial="${escapeHtml(item.serial)}">${escapeHtml(item.serial)}</li>`).join("");
        input.setAttribute("aria-expanded", found.length > 0 ? "true" : "false");
    };
    const search = async (term) => {
        const ctx = lineContext(el);
        const offered = offeredSerials(el, ctx.productId);
        if (offered) {
            const taken = new Set(chosen.map(s => s.toUpperCase()));
            const wanted = term.toUpperCase();
            const items = offered.filter(s => !taken.has(s.toUpperCase()) && s.toUpperCase().includes(wanted)).map(serial => ({ serial }));
            found = items;
            active = found.length > 0 ? 0 : -1;
            message.textContent = found.length === 0 ? (term ? `No serial that can come back matches “${term}”.` : "No serial of this product can come back.") : "";
            render();
            return items;
        }
        if (!ctx.productId || !ctx.warehouseId) {
            message.textContent = "Choose the product and the warehouse first.";
            found = [];
            render();
            return [];
        }
        const mine = ++sequence;
        const url = `/api/products/${encodeURIComponent(ctx.productId)}/serials?status=InStock&warehouseId=${encodeURIComponent(ctx.warehouseId)}&pageSize=50&search=${encodeURIComponent(term)}`;
        const response = await fetch(url, { headers: { "Accept": "application/json" } });
        if (!response.ok) {
            message.textContent = `The serial list answered ${response.status}.`;
            return [];
        }
        const data = await response.json();
        const taken = new Set(chosen.map(s => s.toUpperCase()));
        const items = data.items.filter(i => !taken.has(i.serial.toUpperCase()));
        if (mine === sequence) {
            found = items;
            active = found.length > 0 ? 0 : -1;
            message.textContent = found.length === 0 ? (term ? `No serial in stock in ${ctx.warehouseCode} matches “${term}”.` : `No serials of this product are in stock in ${ctx.warehouseCode}.`) : "";
            render();
        }
        return items;
    };
    const pick = (serial, typed) => {
        if (!chosen.some(s => s.toUpperCase() === serial.toUpperCase())) chosen.push(serial);
        // A scanner may already be typing the next code while this one was looked up: keep what it typed since.
        if (typed === undefined || input.value.trim().toUpperCase() === typed.toUpperCase()) input.value = "";
        message.textContent = "";
        found = [];
        render();
        sync();
    };
    const searchSoon = debounce(() => { arrowed = false; search(input.value.trim()); }, 150);

    // Checks run one after another, so 200 back-to-back scans are 200 requests in order, never 200 at once.
    let checks = Promise.resolve();
    const check = (code) => {
        checks = checks.then(async () => {
            const serial = await fromLabel(code);
            const key = code.toUpperCase();
            if (serial !== code) {
                const i = chosen.findIndex(s => s.toUpperCase() === key);
                states.delete(key);
                if (chosen.some(s => s.toUpperCase() === serial.toUpperCase())) chosen.splice(i, 1); else chosen[i] = serial;
            }
            const exact = await inStock(serial);
            const at = chosen.findIndex(s => s.toUpperCase() === serial.toUpperCase());
            if (exact) {
                states.delete(serial.toUpperCase());
                if (at >= 0) chosen[at] = exact.serial; // as the stock spells it (serials compare without regard to case)
            } else states.set(serial.toUpperCase(), { state: "refused", why: notHere(serial) });
            message.textContent = exact ? "" : notHere(serial);
            sync();
        }).catch(error => { message.textContent = error.message; });
    };
    // Why a scanned serial cannot be chosen here.
    const notHere = (serial) => el.dataset.offered
        ? `${serial} did not leave on this document or is back already.`
        : `${serial} is not in stock in ${lineContext(el).warehouseCode}.`;
    // The unit this picker may take with exactly this serial (on a return: one the page offers; else one in stock in
    // the line's warehouse), or null.
    const inStock = async (serial) => {
        const ctx = lineContext(el);
        const offered = offeredSerials(el, ctx.productId);
        if (offered) {
            const match = offered.find(o => o.toUpperCase() === serial.toUpperCase());
            return match ? { serial: match } : null;
        }
        if (!ctx.productId || !ctx.warehouseId) return null;
        const url = `/api/products/${encodeURIComponent(ctx.productId)}/serials?status=InStock&warehouseId=${encodeURIComponent(ctx.warehouseId)}&pageSize=50&search=${encodeURIComponent(serial)}`;
        const response = await fetch(url, { headers: { "Accept": "application/json" } });
        if (!response.ok) throw new Error(`The serial list answered ${response.status}.`);
        return (await response.json()).items.find(i => i.serial.toUpperCase() === serial.toUpperCase()) || null;
    };
    const scanned = (codes) => {
        for (const code of codes) {
            if (chosen.some(s => s.toUpperCase() === code.toUpperCase())) continue;
            chosen.push(code);
            states.set(code.toUpperCase(), { state: "checking" });
            check(code);
        }
        sync();
    };
    // A GS1 label's element string is read by the server into its serial (21); a plain code is the serial itself.
    const fromLabel = async (code) => {
        if (!looksLikeGs1(code)) return code;
        const response = await fetch("/api/scans", { method: "POST", headers: withAntiforgery({ "Content-Type": "application/json", "Accept": "application/json" }), body: JSON.stringify({ code }) });
        if (!response.ok) return code;
        const scan = await response.json();
        return scan.serial || code;
    };

    input.addEventListener("input", searchSoon);
    input.addEventListener("focus", () => search(input.value.trim()));
    input.addEventListener("blur", () => setTimeout(() => { found = []; render(); }, 200));
    input.addEventListener("keydown", async event => {
        if (event.key === "ArrowDown" || event.key === "ArrowUp") {
            event.preventDefault();
            if (found.length === 0) return;
            active = (active + (event.key === "ArrowDown" ? 1 : found.length - 1)) % found.length;
            arrowed = true;
            render();
            input.setAttribute("aria-activedescendant", `${el.id || "p"}-opt-${active}`);
        } else if (event.key === "Enter") {
            // A scanner types the code and Enter, and the next code straight after: the code is taken off the input
            // at once (so the next one starts clean), shown as a chip, and checked in the order scanned. Never submits.
            event.preventDefault();
            searchSoon.cancel();
            const term = input.value.trim();
            input.value = "";
            if (arrowed && active >= 0 && found[active]) pick(found[active].serial);
            else if (term) scanned([term]);
            else if (active >= 0 && found[active]) pick(found[active].serial);
        } else if (event.key === "Escape") {
            found = [];
            render();
        }
    });
    options.addEventListener("mousedown", event => {
        const li = event.target.closest("li[data-serial]");
        // After a mouse pick the list opens again, for the next pick.
        if (li) { event.preventDefault(); pick(li.dataset.serial); input.focus(); search(input.value.trim()); }
    });
    input.addEventListener("paste", event => {
        const pasted = (event.clipboardData || window.clipboardData).getData("text");
        if (!/[\n,]|\.\./.test(pasted)) return;
        event.preventDefault();
        scanned(expandList(pasted));
    });
    chips.addEventListener("click", event => {
        const button = event.target.closest("button[data-remove]");
        if (!button) return;
        chosen.splice(Number(button.dataset.remove), 1);
        sync();
        input.focus();
    });
    const { qtyInput } = lineContext(el);
    if (qtyInput) qtyInput.addEventListener("input", () => { qtyInput.dataset.follow = "0"; sync(); });
    el.pickerReset = () => { chosen.length = 0; sync(); };
    sync();
}

/**
 * The serials a picker offers when the page names them (data-offered: a JSON list, or a JSON map from product id to a
 * list, on the picker or on an element it points to): a return offers only what left on the document.
 */
function offeredSerials(el, productId) {
    const source = el.dataset.offered;
    if (!source) return null;
    const holder = source.startsWith("#") ? $(source) : el;
    const data = JSON.parse(holder === el ? source : holder.dataset.serials || "{}");
    return Array.isArray(data) ? data : (data[productId] || []);
}

// ---- The batch picker: FEFO by default, or the batches named; the batches in stock listed with quantity and date. ----
// One picker for dispatch, use and transfer (Features/Shared/_BatchPicker.cshtml). Where the server knows the product
// and warehouse (a sale) it lists the batches itself; where they are chosen in the form, the list is fetched from
// GET /api/products/{id}/batches?warehouseId= (earliest expiry first) when they change. "Take" names a batch in the
// box (the rest of the line's quantity, or all of the batch while the quantity follows); typing names batches too.

/** "LOT-A: 10, LOT-B: 5" as FormText.Batches reads it: pieces by comma, semicolon or line; a quantity after ':', '=' or a space. */
function batchEntries(text) {
    return text.split(/[,;\n\r]/).map(p => p.trim()).filter(p => p).map(p => {
        const m = /^(.*?)\s*[:= \t]\s*(\d+(?:\.\d+)?)$/.exec(p);
        return m && m[1] ? { batch: m[1].replace(/[:=]$/, "").trim(), quantity: Number(m[2]) } : { batch: p, quantity: null };
    });
}

function setupBatchPicker(el) {
    const text = $("input.batch-text", el);
    const fefo = $("input[type=radio][value=Fefo]", el);
    const named = $("input[type=radio][value=Named]", el);
    const table = $("table.batches-in-stock", el);
    const body = $("tbody", table);
    const message = $(".batch-message", el);
    const template = $("template.batch-row", el);
    const expiredAllowed = el.dataset.expiredAllowed === "1";
    let stash = "";
    let sequence = 0;

    text.addEventListener("input", () => { if (text.value.trim()) named.checked = true; });
    // FEFO leaves the box empty (so nothing typed overrides it); what was named comes back with "The batches I name".
    fefo.addEventListener("change", () => { if (fefo.checked && text.value.trim()) { stash = text.value; text.value = ""; } });
    named.addEventListener("change", () => { if (named.checked && !text.value.trim() && stash) text.value = stash; });

    const take = (batch, onHand) => {
        const ctx = lineContext(el);
        const following = ctx.qtyInput && ctx.qtyInput.dataset.follow === "1";
        const others = batchEntries(text.value).filter(e => e.batch.toUpperCase() !== batch.toUpperCase());
        const given = others.reduce((sum, e) => sum + (e.quantity || 0), 0);
        const wanted = following || ctx.quantity === null ? onHand : Math.max(0, ctx.quantity - given);
        others.push({ batch, quantity: Math.min(onHand, wanted || onHand) });
        text.value = others.map(e => e.quantity === null ? e.batch : `${e.batch}: ${e.quantity}`).join(", ");
        stash = "";
        named.checked = true;
        if (following) ctx.qtyInput.value = String(others.reduce((sum, e) => sum + (e.quantity || 0), 0));
    };
    body.addEventListener("click", event => {
        const button = event.target.closest("button.batch-take");
        const row = button && button.closest("tr[data-batch]");
        if (row && !button.disabled) take(row.dataset.batch, Number(row.dataset.onHand));
    });

    const draw = (item) => {
        const row = template.content.firstElementChild.cloneNode(true);
        const expired = !!item.expiresOn && item.expiresOn < el.dataset.today; // usable through its expiry day (ISO dates sort as text)
        row.dataset.batch = item.batch;
        row.dataset.onHand = String(item.onHand);
        row.classList.toggle("expired", expired);
        $(".batch-code", row).textContent = item.batch;
        $(".batch-on-hand", row).textContent = String(item.onHand);
        $(".batch-expires", row).textContent = (item.expiresOn || "no date") + (expired ? el.dataset.expiredNote : "");
        const button = $("button.batch-take", row);
        button.setAttribute("aria-label", `Take batch ${item.batch}`);
        button.disabled = expired && !expiredAllowed;
        return row;
    };
    const load = async () => {
        if (el.dataset.loaded === "1") return;
        const ctx = lineContext(el);
        const select = $("select.product-select", ctx.row);
        const option = select ? select.selectedOptions[0] : null;
        const mine = ++sequence;
        body.replaceChildren();
        table.hidden = true;
        if (option && option.dataset.tracking !== "Batch") { message.textContent = ""; return; }
        if (!ctx.productId || !ctx.warehouseId) { message.textContent = "Choose the product and the warehouse to see the batches in stock."; return; }
        message.textContent = "Looking up the batches in stock…";
        try {
            const response = await fetch(`/api/products/${encodeURIComponent(ctx.productId)}/batches?warehouseId=${encodeURIComponent(ctx.warehouseId)}`, { headers: { "Accept": "application/json" } });
            if (mine !== sequence) return;
            if (!response.ok) { message.textContent = `The batch list answered ${response.status}.`; return; }
            const items = (await response.json()).items;
            if (mine !== sequence) return;
            body.replaceChildren(...items.map(draw));
            table.hidden = items.length === 0;
            message.textContent = items.length === 0 ? `No batches of this product are in stock in ${ctx.warehouseCode}.` : "";
            labelCells(table);
        } catch (error) {
            if (mine === sequence) message.textContent = error.message;
        }
    };
    // Another product or warehouse: back to FEFO, and its batches listed.
    el.batchPickerReset = () => { text.value = ""; stash = ""; fefo.checked = true; load(); };
    if (el.dataset.warehouseSelect) $(el.dataset.warehouseSelect)?.addEventListener("change", el.batchPickerReset);
    const { qtyInput } = lineContext(el);
    if (qtyInput) qtyInput.addEventListener("input", () => { qtyInput.dataset.follow = "0"; });
    load();
}

// ---- Lines: a product choice shows the serial or batch fields its tracking needs; more lines can be added. ---------

function setupRow(row) {
    const select = $("select.product-select", row);
    if (!select) return;
    const apply = () => {
        const tracking = select.selectedOptions[0] ? select.selectedOptions[0].dataset.tracking : "";
        $$(".for-serial", row).forEach(e => { e.hidden = tracking !== "Serial"; });
        $$(".for-batch", row).forEach(e => { e.hidden = tracking !== "Batch"; });
    };
    const direction = $("select.direction-select", row);
    if (direction) {
        const applyDirection = () => {
            const isIn = direction.value === "In";
            $$(".for-in", row).forEach(e => { e.hidden = !isIn; $$("textarea", e).forEach(t => { t.disabled = !isIn; }); });
            $$(".for-out", row).forEach(e => { e.hidden = isIn; $$("textarea", e).forEach(t => { t.disabled = isIn; }); });
        };
        direction.addEventListener("change", applyDirection);
        applyDirection();
    }
    const cost = $("input.unit-cost", row);
    if (cost) cost.addEventListener("input", () => { cost.dataset.follow = "0"; });
    select.addEventListener("change", () => {
        // A purchase order's unit cost starts as the product's cost price, until the user types one.
        const option = select.selectedOptions[0];
        if (cost && cost.dataset.follow !== "0" && option) cost.value = option.dataset.cost || "";
        $$(".picker", row).forEach(p => p.pickerReset && p.pickerReset());
        $$(".serial-entry", row).forEach(e => entryChecks.get(e) && entryChecks.get(e)());
        apply();
        $$(".batch-picker", row).forEach(p => p.batchPickerReset && p.batchPickerReset());
    });
    apply();
}

// The root itself counts: an added line is a [data-row] element, and querySelectorAll looks only below it (which is
// why every added line used to keep the fields of an unchosen product: In serials, a batch box, a picker on Fifo).
function within(root, selector) {
    return (root instanceof Element && root.matches(selector) ? [root] : []).concat($$(selector, root));
}

// On a phone each table row is a card: every cell is named by its column's heading (CSS shows it before the cell).
function labelCells(table) {
    const heads = $$("thead th", table).map(th => th.textContent.trim());
    if (heads.length === 0) return;
    // Only this table's own rows: a table inside a cell (the batch picker's) is named by its own heading.
    for (const row of $$("tbody tr", table).filter(r => r.closest("table") === table))
        Array.from(row.children).forEach((cell, i) => {
            if (cell.tagName === "TD" && !cell.dataset.label && heads[i] && heads[i] !== "#") cell.dataset.label = heads[i];
        });
}

function setup(root) {
    const table = root instanceof Element ? root.closest("table") : null;
    (table ? [table] : $$("main table", root)).forEach(labelCells);
    within(root, ".serial-entry").forEach(setupEntry);
    within(root, ".picker").forEach(setupPicker);
    within(root, ".batch-picker").forEach(setupBatchPicker);
    within(root, "[data-row]").forEach(setupRow);
}

document.addEventListener("click", event => {
    const button = event.target.closest("button[data-add-line]");
    if (!button) return;
    const body = $(button.dataset.addLine);
    const template = $(button.dataset.template);
    const index = Number(body.dataset.next || body.children.length);
    body.dataset.next = String(index + 1);
    const holder = document.createElement("tbody");
    holder.innerHTML = template.innerHTML.replaceAll("__i__", String(index)).replaceAll("__n__", String(index + 1));
    const row = holder.firstElementChild;
    body.appendChild(row);
    setup(row);
    const first = $("select, input", row);
    if (first) first.focus();
});

// Enter in a field of a document line must not submit the whole document (a scanner ends each code with Enter).
document.addEventListener("keydown", event => {
    if (event.key !== "Enter" || event.defaultPrevented) return;
    const target = event.target;
    if (target.matches("[data-row] input:not([type=submit])")) {
        event.preventDefault();
    }
});

// ---- Asking before the irreversible: a form with data-confirm asks in a dialog; OK sends it as it would have gone. ----
// Without script the form posts at once (the server's own checks still apply). The question may grow from the page's
// state: data-confirm-take adds how many rows of the last count sheet were not counted.

const confirmDialog = $("#confirm-dialog");

function confirmQuestion(form) {
    let text = form.dataset.confirm;
    if (form.dataset.confirmTake) {
        const progress = countProgress(form.dataset.confirmTake);
        if (progress && progress.notCounted > 0)
            text = `${progress.notCounted} of ${progress.rows} rows of the sheet were not counted: their stock stays as the books have it. ${text}`;
        else if (!progress) text = `Rows left blank on the sheet count as not counted: their stock stays as the books have it. ${text}`;
    }
    return text;
}

document.addEventListener("submit", event => {
    const form = event.target;
    if (!form.dataset.confirm || !confirmDialog || form.dataset.confirmed === "1") return;
    if (form.dataset.confirmUnless && $(form.dataset.confirmUnless, form)?.checked) return;
    // Captured before any other submit handler (the upload's), so nothing starts until the user says yes.
    event.preventDefault();
    event.stopImmediatePropagation();
    const submitter = event.submitter;
    $("#confirm-dialog-title").textContent = form.dataset.confirmTitle || "Are you sure?";
    $("#confirm-dialog-text").textContent = confirmQuestion(form);
    $("#confirm-dialog-ok").textContent = form.dataset.confirmOk || (submitter && submitter.textContent.trim()) || "Yes";
    confirmDialog.returnValue = "";
    confirmDialog.onclose = () => {
        confirmDialog.onclose = null;
        if (confirmDialog.returnValue !== "ok") { if (submitter) submitter.focus(); return; }
        if (form.dataset.confirmUnless) { const box = $(form.dataset.confirmUnless, form); if (box) box.checked = true; }
        form.dataset.confirmed = "1";
        form.requestSubmit(submitter && submitter.form === form ? submitter : undefined);
        delete form.dataset.confirmed;
    };
    confirmDialog.showModal();
}, true);

// ---- Stock take: what the last count sheet counted is kept in this browser, so a reload still shows it. -----------

const progressKey = id => `stocktrail:stock-take:${id}`;

function countProgress(takeId) {
    try { return JSON.parse(localStorage.getItem(progressKey(takeId)) || "null"); } catch { return null; }
}

function saveCountProgress(takeId, progress) {
    try { localStorage.setItem(progressKey(takeId), JSON.stringify(progress)); } catch { /* storage full or off: the page still works, it only forgets */ }
}

function setupCountProgress() {
    // Just imported (this answer): remember it under the import's time.
    const fresh = $("[data-import-result]");
    if (fresh) saveCountProgress(fresh.dataset.take, {
        importedAt: fresh.dataset.importedAt, rows: Number(fresh.dataset.rows),
        counted: Number(fresh.dataset.counted), notCounted: Number(fresh.dataset.notCounted),
    });
    const shown = $("#count-progress");
    if (!shown) return;
    let progress = countProgress(shown.dataset.take);
    // A background import saved its result before the reload that shows it: it belongs to the import the page has now.
    if (progress && progress.pending && shown.dataset.importedAt) {
        progress = { ...progress, pending: false, importedAt: shown.dataset.importedAt };
        saveCountProgress(shown.dataset.take, progress);
    }
    if (!progress || progress.importedAt !== shown.dataset.importedAt) return;
    shown.textContent = `Last sheet: ${progress.counted} of ${progress.rows} rows counted` +
        (progress.notCounted > 0 ? `, ${progress.notCounted} not counted (their stock stays as it is).` : ", every row counted.");
    shown.hidden = false;
}

// A small sheet is uploaded with the form and checked at once. A large one (over a megabyte, some 20,000 rows) is
// checked in the background: the page follows the job's percentage, then shows the outcome.
const LARGE_SHEET_BYTES = 1_000_000;

document.addEventListener("submit", event => {
    if (event.defaultPrevented) return;
    const form = event.target;
    const progress = $("progress", form);
    if (progress) progress.hidden = false;
    const file = $("input[type=file]", form)?.files?.[0];
    if (!form.dataset.asyncImport || !file || file.size < LARGE_SHEET_BYTES) return;
    event.preventDefault();
    importInBackground(form, file, progress);
});

async function importInBackground(form, file, progress) {
    const status = $("[data-import-status]", form);
    const problems = $("#import-problems");
    const say = text => { if (status) status.textContent = text; };
    progress.max = 100;
    progress.value = 0;
    const body = new FormData();
    body.append("sheet", file);
    const started = await fetch(form.dataset.asyncImport, { method: "POST", body, headers: withAntiforgery() });
    if (started.status !== 202) {
        say(`The upload was refused (${started.status}); sending it the ordinary way to show why…`);
        form.submit();
        return;
    }
    const { id } = await started.json();
    for (;;) {
        await new Promise(resolve => setTimeout(resolve, 400));
        const answer = await fetch(`/api/jobs/${id}`);
        if (!answer.ok) { say(`Could not follow the check (${answer.status}); reload the page to see where it is.`); return; }
        const job = await answer.json();
        progress.value = job.percent;
        say(`${job.percent}% checked`);
        if (job.status === "Succeeded") {
            const result = job.result ?? {};
            if (form.dataset.take) saveCountProgress(form.dataset.take, {
                pending: true, rows: result.rows, counted: result.countedRows, notCounted: result.notCountedRows,
            });
            location.reload();
            return;
        }
        if (job.status === "Failed") {
            progress.hidden = true;
            const result = job.result ?? {};
            say(result.detail ?? "The sheet was refused; nothing was changed.");
            if (problems) {
                problems.replaceChildren(...(result.errors ?? []).map(e => {
                    const item = document.createElement("li");
                    item.textContent = (e.row ? `Row ${e.row}${e.column ? `, ${e.column}` : ""}: ` : "") + e.message;
                    return item;
                }));
                problems.hidden = problems.childElementCount === 0;
            }
            return;
        }
    }
}

setup(document);
setupCountProgress();
