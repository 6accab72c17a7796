using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Materials;

namespace Stocktrail.Features.Projects;

public sealed record ProjectDto(int Id, string Number, string Name, int? CustomerId, DateTime CreatedAt);

public static class ProjectsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var projects = api.MapGroup("/projects").WithTags("Projects");
        projects.MapPost("/", async (CreateProject.Request request, CreateProject.Handler handler, CancellationToken ct) =>
        {
            var project = await handler.HandleAsync(request, ct);
            return TypedResults.Created($"/api/projects/{project.Id}", project);
        });
        projects.MapGet("/", async (StocktrailDbContext db, CancellationToken ct) => new
        {
            items = await db.Projects.AsNoTracking().OrderByDescending(p => p.Id).Take(500)
                .Select(p => new ProjectDto(p.Id, p.Number, p.Name, p.CustomerId, p.CreatedAt)).ToListAsync(ct),
        });
        projects.MapGet("/{id:int}", async (int id, StocktrailDbContext db, CancellationToken ct) =>
            await db.Projects.AsNoTracking().Where(p => p.Id == id).Select(p => new ProjectDto(p.Id, p.Number, p.Name, p.CustomerId, p.CreatedAt)).FirstOrDefaultAsync(ct)
                ?? throw StockRuleException.NotFound($"There is no project with id {id}."));
        projects.MapPost("/{id:int}/materials", async (int id, MaterialsRequest request, MoveMaterials.Handler handler, CancellationToken ct) =>
            TypedResults.Created($"/api/projects/{id}/materials", await handler.UseAsync(MaterialOwner.Project, id, request, ct)));
        projects.MapPost("/{id:int}/material-returns", async (int id, MaterialsRequest request, MoveMaterials.Handler handler, CancellationToken ct) =>
            TypedResults.Created($"/api/projects/{id}/materials", await handler.ReturnAsync(MaterialOwner.Project, id, request, ct)));
        projects.MapGet("/{id:int}/materials", (int id, ListMaterials.Handler handler, CancellationToken ct) =>
            handler.HandleAsync(MaterialOwner.Project, id, ct));
    }
}

public static class CreateProject
{
    public sealed record Request(string? Name, int? CustomerId);

    public sealed class Handler(StocktrailDbContext db, TimeProvider clock)
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
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return new ProjectDto(project.Id, project.Number, project.Name, project.CustomerId, project.CreatedAt);
        }
    }
}
