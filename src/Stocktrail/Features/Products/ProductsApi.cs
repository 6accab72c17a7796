using Microsoft.AspNetCore.Http.HttpResults;
using Stocktrail.Domain;
using Stocktrail.Features.Users;
using Stocktrail.Web;
namespace Stocktrail.Features.Products;

public static class ProductsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var products = api.MapGroup("/products").WithTags("Products");
        products.MapPost("/", async Task<Created<ProductDto>> (CreateProduct.Request request, CreateProduct.Handler handler, CancellationToken ct) =>
        {
            var product = await handler.HandleAsync(request, ct);
            return TypedResults.Created($"/api/products/{product.Id}", product);
        }).Requires(Permission.Catalog).Describe("CreateProduct", "Create a product")
            .WithRequestExample("""{"sku": "WIDGET-01", "name": "Widget, serialized", "trackingType": "Serial", "costPrice": 12.5, "sellPrice": 30}""");
        products.MapGet("/", async Task<Ok<ListProducts.Result>> (string? search, ListProducts.Handler handler, CancellationToken ct) =>
            TypedResults.Ok(await handler.HandleAsync(search, ct))).Describe("ListProducts", "List products", "By SKU, at most 500; search matches SKU or name.");
        products.MapGet("/{id:int}", async Task<Ok<ProductDto>> (int id, GetProduct.Handler handler, CancellationToken ct) =>
            TypedResults.Ok(await handler.HandleAsync(id, ct))).Describe("GetProduct", "Get a product");
        products.MapPatch("/{id:int}", async Task<Ok<ProductDto>> (int id, UpdateProduct.Request request, UpdateProduct.Handler handler, CancellationToken ct) =>
            TypedResults.Ok(await handler.HandleAsync(id, request, ct))).Requires(Permission.Catalog)
            .Describe("UpdateProduct", "Change a product", "Any of name, prices, active; a different tracking type is refused with 409.");
        products.MapGet("/{id:int}/bill-of-materials", async Task<Ok<BillOfMaterialsDto>> (int id, GetBillOfMaterials.Handler handler, CancellationToken ct) =>
            TypedResults.Ok(await handler.HandleAsync(id, ct))).Describe("GetBillOfMaterials", "Get a product's bill of materials",
                "The components one unit of the product is made of, each with its quantity per unit.");
        products.MapPut("/{id:int}/bill-of-materials", async Task<Ok<BillOfMaterialsDto>> (int id, SetBillOfMaterials.Request request, SetBillOfMaterials.Handler handler, CancellationToken ct) =>
            TypedResults.Ok(await handler.HandleAsync(id, request, ct))).Requires(Permission.Catalog)
            .Describe("SetBillOfMaterials", "Replace a product's bill of materials",
                "The lines given replace the bill (no lines: none). Refused, naming each line: an unknown product, the product itself or a product made with it at any depth, a component twice, a quantity not above zero, part of a serialized unit.")
            .WithRequestExample("""{"lines": [{"productId": 1, "quantity": 2}, {"productId": 2, "quantity": 0.5}]}""");
    }
}
