using Stocktrail.Domain;

namespace Stocktrail.Features.Receiving;

/// <summary>The order line each line of a request (a receipt, a supplier return) names by its id.</summary>
public static class OrderLines
{
    /// <summary>
    /// The line of <paramref name="order"/> that request line <paramref name="lineNumber"/> (counted from 1) names by
    /// <paramref name="lineId"/>, or null with the problem added: the request line is empty (<paramref name="lineId"/>
    /// null), or it names a line of another order.
    /// </summary>
    public static PurchaseOrderLine? Named(PurchaseOrder order, int lineNumber, int? lineId, ProblemList problems)
    {
        if (lineId is null)
        {
            problems.Add(new Problem(ProblemKind.Invalid, $"Line {lineNumber} is empty: give its lineId and quantity.") { Line = lineNumber });
            return null;
        }
        var orderLine = order.Lines.FirstOrDefault(l => l.Id == lineId);
        if (orderLine is null)
            problems.Add(new Problem(ProblemKind.Invalid, $"Line {lineNumber}: line id {lineId} is not a line of {order.Number}.") { Line = lineNumber });
        return orderLine;
    }
}
