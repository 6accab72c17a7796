using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Audit;
using Stocktrail.Features.Materials;
using Stocktrail.Features.Shared;
using Stocktrail.Features.Users;
using Stocktrail.Web;

namespace Stocktrail.Features.Projects;

public sealed record ProjectDto(int Id, string Number, string Name, int? CustomerId, string? CustomerName, DateTime CreatedAt, string CreatedBy);

public static class ProjectsApi
{
    public const string MaterialsExample = """{"warehouseId": 1, "lines": [{"productId": 1, "quantity": 2, "serials": ["SN-0001", "SN-0002"]}, {"productId": 2, "quantity": 5}]}""";

    public static void Map(RouteGroupBuilder api)
    {
        var projects = api.MapGroup("/projects").WithTags("Projects");
        projects.MapPost("/", async Task<Created<ProjectDto>> (CreateProject.Request request, CreateProject.Handler handler, CancellationToken ct) =>
        {
            var project = await handler.HandleAsync(request, ct);
            return TypedResults.Created($"/api/projects/{project.Id}", project);
        }).Requires(Permission.Production).Describe("CreateProject", "Create a project")
            .WithRequestExample("""{"name": "Fit-out, 12 High Street", "customerId": 1}""");
        projects.MapGet("/", (int? customerId, [AsParameters] DocumentFilter filter, string? format, ListProjects.Handler handler, CancellationToken ct) =>
            {
                var query = new ListProjects.Query(customerId, filter);
                return DocumentLists.AnswerAsync(format, () => handler.PageAsync(query, ct), () => handler.All(query), "projects.csv");
            }).Describe("ListProjects", "List projects", DocumentLists.Description)
            .ProducesFile("text/csv");
        projects.MapGet("/{id:int}", async Task<Ok<ProjectDto>> (int id, GetProject.Handler handler, CancellationToken ct) =>
            TypedResults.Ok(await handler.HandleAsync(id, ct))).Describe("GetProject", "Get a project");
        projects.MapPost("/{id:int}/materials", async Task<Created<MaterialsMovedDto>> (int id, MaterialsRequest request, MoveMaterials.Handler handler, CancellationToken ct) =>
            TypedResults.Created($"/api/projects/{id}/materials", await handler.UseAsync(MaterialOwner.Project, id, request, ct))).Requires(Permission.Production)
            .Describe("UseProjectMaterials", "Use materials on a project", "Stock falls at cost.").WithRequestExample(MaterialsExample);
        projects.MapPost("/{id:int}/material-returns", async Task<Created<MaterialsMovedDto>> (int id, MaterialsRequest request, MoveMaterials.Handler handler, CancellationToken ct) =>
            TypedResults.Created($"/api/projects/{id}/materials", await handler.ReturnAsync(MaterialOwner.Project, id, request, ct))).Requires(Permission.Production)
            .Describe("ReturnProjectMaterials", "Return materials from a project", "The units come back at the cost they left at.").WithRequestExample(MaterialsExample);
        projects.MapGet("/{id:int}/materials", async Task<Ok<MaterialsListDto>> (int id, ListMaterials.Handler handler, CancellationToken ct) =>
            TypedResults.Ok(await handler.HandleAsync(MaterialOwner.Project, id, ct))).Describe("ListProjectMaterials", "List a project's materials");
        MaterialSerialsApi.Map(projects, SourceType.Project, "Project", "project");
    }
}

public static class GetProject
{
    public sealed class Handler(StocktrailDbContext db)
    {
        public async Task<ProjectDto> HandleAsync(int id, CancellationToken ct) =>
            await ProjectReader.Query(db, id).FirstOrDefaultAsync(ct) ?? throw StockRuleException.NotFound($"There is no project with id {id}.");
    }
}

internal static class ProjectReader
{
    public static IQueryable<ProjectDto> Query(StocktrailDbContext db, int? id = null) =>
        Read(db, db.Projects.AsNoTracking().Where(p => id == null || p.Id == id));

    /// <summary>The given projects newest first, each with its customer's and author's names (joined, not looked up per row).</summary>
    public static IQueryable<ProjectDto> Read(StocktrailDbContext db, IQueryable<Project> projects) =>
        from p in projects
        join u in db.Users on p.CreatedById equals (int?)u.Id into authors
        from u in authors.DefaultIfEmpty()
        join c in db.Customers on p.CustomerId equals (int?)c.Id into customers
        from c in customers.DefaultIfEmpty()
        orderby p.Id descending
        select new ProjectDto(p.Id, p.Number, p.Name, p.CustomerId, c == null ? null : c.Name, p.CreatedAt, u == null ? User.BeforeUsers : u.UserName!);
}

public static class CreateProject
{
    public sealed record Request(string? Name, int? CustomerId);

    public sealed class Handler(StocktrailDbContext db, AuditTrail audit, TimeProvider clock)
    {
        public async Task<ProjectDto> HandleAsync(Request request, CancellationToken ct)
        {
            var problems = new ProblemList();
            PlainText.CheckName(request.Name, "The project name", 200, "A project needs a name of 1 to 200 characters.", problems);
            if (request.CustomerId is { } customerId && !await db.Customers.AnyAsync(c => c.Id == customerId, ct))
                problems.Add(Problem.Invalid($"There is no customer with id {customerId}."));
            problems.ThrowIfAny();

            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var project = new Project(request.Name!, request.CustomerId, clock.GetUtcNow().UtcDateTime);
            db.Projects.Add(project);
            await db.SaveChangesAsync(ct);
            project.NumberFromId();
            var customer = project.CustomerId is { } id ? await db.Customers.Where(c => c.Id == id).Select(c => c.Name).FirstAsync(ct) : null;
            audit.Record(AuditActions.ProjectCreated, $"Project {project.Number} '{project.Name}'{(customer is null ? "" : $" for {customer}")} created.",
                SourceType.Project, project.Number);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return await ProjectReader.Query(db, project.Id).FirstAsync(ct);
        }
    }
}
