namespace Stocktrail.Features.Audit;

/// <summary>
/// The names of the document actions the audit log records. They are a contract, as stable as the API's paths: scripts
/// and auditors filter on them. Each is listed with what its line says in docs/decisions.md ("People and the audit log").
/// </summary>
public static class AuditActions
{
    public const string PurchaseOrderCreated = "purchase-order.created";
    public const string PurchaseOrderApproved = "purchase-order.approved";
    public const string PurchaseOrderCompleted = "purchase-order.completed";
    public const string ReceiptPosted = "receipt.posted";
    public const string SerialCorrected = "serial.corrected";
    public const string LandedCostAdded = "landed-cost.added";
    public const string SupplierReturnPosted = "supplier-return.posted";

    public const string ProjectCreated = "project.created";
    public const string ProductionJobCreated = "production-job.created";
    public const string MaterialsUsed = "materials.used";
    public const string MaterialsReturned = "materials.returned";
    public const string ProductionJobCompleted = "production-job.completed";

    public const string StockSaleCreated = "stock-sale.created";
    public const string StockSaleDispatched = "stock-sale.dispatched";
    public const string StockSaleCompleted = "stock-sale.completed";
    public const string StockSaleReturned = "stock-sale.returned";

    public const string StockAdjustmentPosted = "stock-adjustment.posted";
    public const string StockTransferPosted = "stock-transfer.posted";

    public const string StockTakeStarted = "stock-take.started";
    public const string StockTakeSheetExported = "stock-take.sheet-exported";
    public const string StockTakeSheetImported = "stock-take.sheet-imported";
    public const string StockTakeCompleted = "stock-take.completed";

    public const string ProductCreated = "product.created";
    public const string ProductUpdated = "product.updated";
    public const string BatchExpiryChanged = "batch.expiry-changed";
    public const string BillOfMaterialsChanged = "product.bill-of-materials-changed";
    public const string WarehouseCreated = "warehouse.created";
    public const string SupplierCreated = "supplier.created";
    public const string CustomerCreated = "customer.created";

    public const string ReconciliationRun = "reconciliation.run";
    public const string StockSnapshotsRebuilt = "stock-snapshots.rebuilt";

    public const string WebhookCreated = "webhook.created";
    public const string WebhookUpdated = "webhook.updated";
    public const string WebhookDeleted = "webhook.deleted";

    /// <summary>Every name above, for the test that holds the documented table to them.</summary>
    public static IReadOnlyList<string> All { get; } = typeof(AuditActions).GetFields()
        .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!).ToList();
}
