using Microsoft.AspNetCore.Mvc;
using Stocktrail.Domain;
using Stocktrail.Features.Users;
using Stocktrail.Web;

namespace Stocktrail.Features.Receiving;

/// <summary>
/// A purchase order: approve, receive (each serialized line with its serial popup), correct a received serial until the
/// order is completed, add a landed cost, complete. A refused command shows the page again with everything typed.
/// </summary>
public sealed class PurchaseOrderDetailsModel(GetPurchaseOrder.Handler get, ChangePurchaseOrderStatus.Handler status,
    ReceivePurchaseOrder.Handler receive, CorrectReceivedSerial.Handler correct, AddLandedCost.Handler landedCost, Choices choices) : StockPageModel
{
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

    /// <summary>Which form a refusal belongs to, so its problems show there.</summary>
    public string? RefusedForm { get; private set; }

    public PurchaseOrderDto Order { get; private set; } = null!;
    public string WarehouseCode { get; private set; } = "";

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
        WarehouseCode = (await choices.WarehousesAsync(ct)).FirstOrDefault(w => w.Id == Order.WarehouseId)?.Text ?? "";
    }
}
