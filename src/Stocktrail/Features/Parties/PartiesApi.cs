using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Audit;
using Stocktrail.Features.Users;
using Stocktrail.Web;

namespace Stocktrail.Features.Parties;

public sealed record PartyDto(int Id, string Name);

/// <summary>Suppliers (who purchase orders are placed with) and customers (who sales and projects are for).</summary>
public static class PartiesApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var suppliers = api.MapGroup("/suppliers").WithTags("Suppliers");
        suppliers.MapPost("/", async Task<Created<PartyDto>> (CreateParty.Request request, CreateParty.Handler handler, CancellationToken ct) =>
        {
            var supplier = await handler.HandleAsync(request, isSupplier: true, ct);
            return TypedResults.Created($"/api/suppliers/{supplier.Id}", supplier);
        }).Requires(Permission.Catalog).Describe("CreateSupplier", "Create a supplier").WithRequestExample("""{"name": "Acme Components Ltd"}""");
        suppliers.MapGet("/", async Task<Ok<IReadOnlyList<PartyDto>>> (ListParties.Handler handler, CancellationToken ct) =>
            TypedResults.Ok(await handler.SuppliersAsync(ct))).Describe("ListSuppliers", "List suppliers", "Every supplier, by name.");

        var customers = api.MapGroup("/customers").WithTags("Customers");
        customers.MapPost("/", async Task<Created<PartyDto>> (CreateParty.Request request, CreateParty.Handler handler, CancellationToken ct) =>
        {
            var customer = await handler.HandleAsync(request, isSupplier: false, ct);
            return TypedResults.Created($"/api/customers/{customer.Id}", customer);
        }).Requires(Permission.Customers).Describe("CreateCustomer", "Create a customer").WithRequestExample("""{"name": "Northwind Fitters"}""");
        customers.MapGet("/", async Task<Ok<IReadOnlyList<PartyDto>>> (ListParties.Handler handler, CancellationToken ct) =>
            TypedResults.Ok(await handler.CustomersAsync(ct))).Describe("ListCustomers", "List customers", "Every customer, by name.");
    }
}

public static class ListParties
{
    public sealed class Handler(StocktrailDbContext db)
    {
        public async Task<IReadOnlyList<PartyDto>> SuppliersAsync(CancellationToken ct) =>
            await db.Suppliers.AsNoTracking().OrderBy(s => s.Name).Select(s => new PartyDto(s.Id, s.Name)).ToListAsync(ct);

        public async Task<IReadOnlyList<PartyDto>> CustomersAsync(CancellationToken ct) =>
            await db.Customers.AsNoTracking().OrderBy(c => c.Name).Select(c => new PartyDto(c.Id, c.Name)).ToListAsync(ct);
    }
}

public static class CreateParty
{
    public sealed record Request(string? Name);

    public sealed class Handler(StocktrailDbContext db, AuditTrail audit)
    {
        public async Task<PartyDto> HandleAsync(Request request, bool isSupplier, CancellationToken ct)
        {
            var problems = new ProblemList();
            var what = isSupplier ? "supplier" : "customer";
            PlainText.CheckName(request.Name, $"The {what}'s name", 200, $"A {what} needs a name of 1 to 200 characters.", problems);
            problems.ThrowIfAny();
            if (isSupplier)
            {
                var supplier = new Supplier(request.Name!);
                db.Suppliers.Add(supplier);
                audit.Record(AuditActions.SupplierCreated, $"Supplier '{supplier.Name}' created.", "Supplier", Named(supplier.Name));
                await db.SaveChangesAsync(ct);
                return new PartyDto(supplier.Id, supplier.Name);
            }
            var customer = new Customer(request.Name!);
            db.Customers.Add(customer);
            audit.Record(AuditActions.CustomerCreated, $"Customer '{customer.Name}' created.", "Customer", Named(customer.Name));
            await db.SaveChangesAsync(ct);
            return new PartyDto(customer.Id, customer.Name);
        }

        /// <summary>A party has no number: its audit line is filed under its name, cut to the column's 64 characters.</summary>
        private static string Named(string name) => name.Length <= 64 ? name : name[..63] + "…";
    }
}
