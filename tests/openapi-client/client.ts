// A small client as an integrator writes it: every request body and answer is typed by the code openapi-typescript
// generates from Stocktrail's served /openapi/v1.json (./schema, made by OpenApiClientTests). It must type-check
// with tsc --strict, then it runs against the app: it receives serials on a purchase order, lists orders by key,
// dispatches one serial on a sale, and reads a refusal's errors.
import type { components, operations } from "./schema";

declare const process: { env: Record<string, string | undefined>; exitCode?: number };

type Schemas = components["schemas"];
type JsonBody<Op extends keyof operations> = operations[Op] extends { requestBody?: { content: { "application/json": infer B } } } ? B : never;
type Answer<Op extends keyof operations, Code extends keyof operations[Op]["responses"]> =
    operations[Op]["responses"][Code] extends { content: { "application/json": infer A } } ? A : never;
type Problem = Schemas["ApiProblem"];

const base = process.env.STOCKTRAIL_URL!.replace(/\/$/, "");
const key = process.env.STOCKTRAIL_KEY!;

async function call<T>(method: string, path: string, body?: unknown, expected = 200): Promise<T> {
    const response = await fetch(base + path, {
        method,
        headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json", Accept: "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status !== expected) throw new Error(`${method} ${path} answered ${response.status}, expected ${expected}: ${text}`);
    return JSON.parse(text) as T;
}

function check(condition: boolean, message: string): asserts condition {
    if (!condition) throw new Error(message);
}

async function main(): Promise<void> {
    const tag = Math.random().toString(36).slice(2, 8).toUpperCase();
    const warehouseBody: JsonBody<"CreateWarehouse"> = { code: `TS-${tag}`, name: "TypeScript client warehouse" };
    const warehouse = await call<Answer<"CreateWarehouse", 201>>("POST", "/api/warehouses", warehouseBody, 201);
    const supplier = await call<Answer<"CreateSupplier", 201>>("POST", "/api/suppliers", { name: `Supplier ${tag}` } satisfies JsonBody<"CreateSupplier">, 201);
    const customer = await call<Answer<"CreateCustomer", 201>>("POST", "/api/customers", { name: `Customer ${tag}` } satisfies JsonBody<"CreateCustomer">, 201);
    const productBody: Schemas["CreateProductRequest"] = { sku: `TS-${tag}`, name: "Serialized widget", trackingType: "Serial", costPrice: 10 };
    const product: Schemas["ProductDto"] = await call("POST", "/api/products", productBody, 201);

    const orderBody: JsonBody<"CreatePurchaseOrder"> = { supplierId: supplier.id, warehouseId: warehouse.id, lines: [{ productId: product.id, quantity: 3, unitCost: 12.5 }] };
    const order = await call<Answer<"CreatePurchaseOrder", 201>>("POST", "/api/purchase-orders", orderBody, 201);
    const approved = await call<Answer<"ApprovePurchaseOrder", 200>>("POST", `/api/purchase-orders/${order.id}/approve`);
    check(approved.status === "Approved", `the order is ${approved.status}`);
    const lineId: number = order.lines[0].id;
    const receipt = await call<Answer<"ReceivePurchaseOrder", 201>>("POST", `/api/purchase-orders/${order.id}/receipts`,
        { lines: [{ lineId, quantity: 3, serials: [`${tag}-001..${tag}-003`] }] } satisfies JsonBody<"ReceivePurchaseOrder">, 201);
    check(receipt.status === "Received", `after the receipt the order is ${receipt.status}`);

    const page: Answer<"ListPurchaseOrders", 200> = await call("GET", `/api/purchase-orders?supplierId=${supplier.id}&pageSize=1`);
    check(page.items.length === 1 && page.items[0].id === order.id && page.items[0].supplierName === `Supplier ${tag}`, `the list gave ${JSON.stringify(page)}`);
    check(page.next === undefined || page.next === null, "one order of that supplier: no next page");

    const stock: Answer<"GetProductStock", 200> = await call("GET", `/api/products/${product.id}/stock`);
    check(stock.onHand === 3, `on hand is ${stock.onHand}`);

    const sale = await call<Answer<"CreateStockSale", 201>>("POST", "/api/stock-sales",
        { customerId: customer.id, warehouseId: warehouse.id, lines: [{ productId: product.id, quantity: 1, unitPrice: 30 }] } satisfies JsonBody<"CreateStockSale">, 201);
    const dispatch: JsonBody<"DispatchStockSale"> = { lines: [{ lineId: sale.lines[0].id, quantity: 1, serials: [`${tag}-002`] }] };
    await call<Answer<"DispatchStockSale", 201>>("POST", `/api/stock-sales/${sale.id}/dispatches`, dispatch, 201);
    const dispatched: Answer<"GetStockSale", 200> = await call("GET", `/api/stock-sales/${sale.id}`);
    check(dispatched.status === "Dispatched", `the sale is ${dispatched.status}`);

    // The same serial again: a 409 problem whose errors name it.
    const second = await call<Answer<"CreateStockSale", 201>>("POST", "/api/stock-sales",
        { customerId: customer.id, warehouseId: warehouse.id, lines: [{ productId: product.id, quantity: 1, unitPrice: 30 }] }, 201);
    const refused = await call<Problem>("POST", `/api/stock-sales/${second.id}/dispatches`,
        { lines: [{ lineId: second.lines[0].id, quantity: 1, serials: [`${tag}-002`] }] } satisfies JsonBody<"DispatchStockSale">, 409);
    const named: string | null | undefined = refused.errors?.[0]?.serial;
    check(refused.status === 409 && named?.toUpperCase() === `${tag}-002`, `the refusal was ${JSON.stringify(refused)}`);
    console.log("client ok");
}

main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
});
