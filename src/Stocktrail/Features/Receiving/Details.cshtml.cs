using Microsoft.AspNetCore.Mvc;
using Stocktrail.Domain;
using Stocktrail.Features.Users;
using Stocktrail.Web;

namespace Stocktrail.Features.Receiving;

/// <summary>
/// A purchase order: approve, receive (each serialized line with its serial popup), correct a received serial until the
/// order is completed, add a landed cost, complete, return units to the supplier (chosen among those received on this
/// order and in stock, after a confirmation). A refused command shows the page again with everything typed.
/// </summary>
public sealed class PurchaseOrderDetailsModel(GetPurchaseOrder.Handler get, ChangePurchaseOrderStatus.Handler status,
    ReceivePurchaseOrder.Handler receive, CorrectReceivedSerial.Handler correct, AddLandedCost.Handler landedCost, Choices choices,
    ReturnToSupplier.Handler returnToSupplier, ReturnableOnOrder.Handler returnable) : StockPageModel
{
    public sealed class ReturnInput
    {
        public int LineId { get; set; }
        public decimal? Quantity { get; set; }
        public List<string> Serials { get; set; } = [];
        public string? Batches { get; set; }
    }

    public sealed class ReceiveInput
    {
        public int LineId { get; set; }
        public decimal? Quantity { get; set; }
        public string? Serials { get; set; }
        public string? Batches { get; set; }
    }

    [FromRoute] public int Id { get; set; }
    [BindProperty] public List<ReceiveInput> Receive { get; set; } = [];
    [BindProperty] public int? CorrectProductId { get; set; }
    [BindProperty] public string? CorrectFrom { get; set; }
    [BindProperty] public string? CorrectTo { get; set; }
    [BindProperty] public string? LandedCostDescription { get; set; }
    [BindProperty] public decimal? LandedCostAmount { get; set; }
    [BindProperty] public List<ReturnInput> Return { get; set; } = [];
    [BindProperty] public int? ReturnWarehouseId { get; set; }
    [BindProperty] public string? ReturnReason { get; set; }

    /// <summary>Which form a refusal belongs to, so its problems show there.</summary>
    public string? RefusedForm { get; private set; }

    public PurchaseOrderDto Order { get; private set; } = null!;
    public string WarehouseCode { get; private set; } = "";
    public IReadOnlyList<Choices.Option> Warehouses { get; private set; } = [];
    /// <summary>What could go back to the supplier; null when nothing received is left to return.</summary>
    public ReturnableStock? Returnable { get; private set; }

    public ReturnInput ReturnFor(PurchaseOrderLineDto line) => Return.FirstOrDefault(r => r.LineId == line.Id) ?? new ReturnInput { LineId = line.Id };

    public bool CanReceive => Order.Status is PurchaseOrderStatus.Approved or PurchaseOrderStatus.PartiallyReceived;
    public bool CanCorrect => Order.Status != PurchaseOrderStatus.Completed && Order.Lines.Any(l => l.Serials.Count > 0);

    public ReceiveInput InputFor(PurchaseOrderLineDto line) => Receive.FirstOrDefault(r => r.LineId == line.Id) ?? new ReceiveInput { LineId = line.Id };

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    [Needs(Permission.PurchaseOrders)]
    public Task<IActionResult> OnPostApproveAsync(CancellationToken ct) =>
        RunAsync("status", async () => await status.ApproveAsync(Id, ct), o => $"{o.Number} approved: it can be received now.", ct);

    [Needs(Permission.PurchaseOrders)]
    public Task<IActionResult> OnPostCompleteAsync(CancellationToken ct) =>
        RunAsync("status", async () => await status.CompleteAsync(Id, ct), o => $"{o.Number} completed and locked.", ct);

    [Needs(Permission.Receiving)]
    public async Task<IActionResult> OnPostReceiveAsync(CancellationToken ct)
    {
        // Only rows with a quantity are received; a problem names its line by its place among those sent.
        foreach (var input in Receive) input.Quantity = FormText.QuantityOrSerials(input.Quantity, input.Serials);
        var rows = Receive.Select((r, i) => (Input: r, Row: i)).Where(x => x.Input.Quantity is not null and not 0).ToList();
        if (rows.Count == 0) AddProblem("Enter the quantity received on at least one line.");
        var lines = new List<ReceivePurchaseOrder.Line>();
        foreach (var (input, row) in rows)
        {
            var batches = FormText.Batches(input.Batches, input.Quantity, out var error);
            if (error is not null) AddProblem(error, row);
            lines.Add(new ReceivePurchaseOrder.Line(input.LineId, input.Quantity!.Value, FormText.Serials(input.Serials), batches));
        }
        if (!HasProblems)
        {
            try
            {
                var receipt = await receive.HandleAsync(Id, new ReceivePurchaseOrder.Request(lines), ct);
                var units = receipt.Lines.Sum(l => l.Quantity);
                return Done($"Received {FormText.Qty(units)} unit{(units == 1 ? "" : "s")} on {receipt.Number}.", $"/purchase-orders/{Id}");
            }
            catch (StockRuleException refused)
            {
                ShowRefusal(refused, line => line <= rows.Count ? rows[line - 1].Row : null);
            }
        }
        RefusedForm = "receive";
        await LoadAsync(ct);
        return Refused();
    }

    [Needs(Permission.Receiving)]
    public Task<IActionResult> OnPostCorrectAsync(CancellationToken ct) =>
        RunAsync("correct", async () => await correct.HandleAsync(Id, new CorrectReceivedSerial.Request(CorrectProductId ?? 0, CorrectFrom, CorrectTo), ct),
            o => $"Serial {CorrectFrom?.Trim()} corrected to {CorrectTo?.Trim()} on {o.Number}.", ct);

    [Needs(Permission.PurchaseOrders)]
    public Task<IActionResult> OnPostLandedCostAsync(CancellationToken ct) =>
        RunAsync("landed", async () => await landedCost.HandleAsync(Id, new AddLandedCost.Request(LandedCostDescription, LandedCostAmount ?? 0), ct),
            o => $"Landed cost added to {o.Number}.", ct);

    [Needs(Permission.PurchaseOrders)]
    public async Task<IActionResult> OnPostReturnAsync(CancellationToken ct)
    {
        // A serial line's quantity is the serials ticked; only rows with a quantity go back.
        foreach (var input in Return.Where(r => r.Serials.Count > 0)) input.Quantity = input.Serials.Count;
        var rows = Return.Select((r, i) => (Input: r, Row: i)).Where(x => x.Input.Quantity is not null and not 0).ToList();
        if (rows.Count == 0) AddProblem("Tick the serials or enter the quantity to return on at least one line.");
        var lines = new List<ReturnToSupplier.Line?>();
        foreach (var (input, row) in rows)
        {
            var batches = FormText.Batches(input.Batches, input.Quantity, out var error);
            if (error is not null) AddProblem(error, row);
            lines.Add(new ReturnToSupplier.Line(input.LineId, input.Quantity!.Value, input.Serials.Count == 0 ? null : input.Serials, batches));
        }
        if (!HasProblems)
        {
            try
            {
                var done = await returnToSupplier.HandleAsync(Id, new ReturnToSupplier.Request(ReturnWarehouseId, ReturnReason, lines), ct);
                var units = done.Lines.Sum(l => l.Quantity);
                return Done($"Returned {FormText.Qty(units)} unit{(units == 1 ? "" : "s")} to the supplier on {done.Number}, worth {FormText.Money(done.TotalCost)}.", $"/purchase-orders/{Id}");
            }
            catch (StockRuleException refused)
            {
                ShowRefusal(refused, line => line <= rows.Count ? rows[line - 1].Row : null);
            }
        }
        RefusedForm = "return";
        await LoadAsync(ct);
        return Refused();
    }

    private async Task<IActionResult> RunAsync(string form, Func<Task<PurchaseOrderDto>> command, Func<PurchaseOrderDto, string> notice, CancellationToken ct)
    {
        try
        {
            var order = await command();
            return Done(notice(order), $"/purchase-orders/{Id}");
        }
        catch (StockRuleException refused)
        {
            ShowRefusal(refused, _ => null);
            RefusedForm = form;
            await LoadAsync(ct);
            return Refused();
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Order = await get.HandleAsync(Id, ct);
        Warehouses = await choices.WarehousesAsync(ct);
        WarehouseCode = Warehouses.FirstOrDefault(w => w.Id == Order.WarehouseId)?.Text ?? "";
        if (Order.Lines.Any(l => l.ReceivedQuantity > l.ReturnedQuantity)) Returnable = await returnable.HandleAsync(Id, ct);
    }
}
