using Stocktrail.Data;

namespace Stocktrail.Features.Sales;

public static class GetStockSale
{
    public sealed class Handler(StocktrailDbContext db)
    {
        public Task<StockSaleDto> HandleAsync(int id, CancellationToken ct) => StockSaleReader.ReadAsync(db, id, ct);
    }
}
