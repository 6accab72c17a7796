using Stocktrail.Domain;
using Stocktrail.Features.Users;
namespace Stocktrail.Features.Products;

public static class ProductsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var products = api.MapGroup("/products").WithTags("Products");
        products.MapPost("/", async (CreateProduct.Request request, CreateProduct.Handler handler, CancellationToken ct) =>
        {
            var product = await handler.HandleAsync(request, ct);
            return TypedResults.Created($"/api/products/{product.Id}", product);
        }).Requires(Permission.Catalog);
        products.MapGet("/", (string? search, ListProducts.Handler handler, CancellationToken ct) => handler.HandleAsync(search, ct));
        products.MapGet("/{id:int}", (int id, GetProduct.Handler handler, CancellationToken ct) => handler.HandleAsync(id, ct));
        products.MapPatch("/{id:int}", (int id, UpdateProduct.Request request, UpdateProduct.Handler handler, CancellationToken ct) =>
            handler.HandleAsync(id, request, ct)).Requires(Permission.Catalog);
    }
}
