using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Users;
using Stocktrail.Web;

namespace Stocktrail.Features.Projects;

/// <summary>The projects, newest first, with their customer.</summary>
public static class ProjectList
{
    public sealed record Item(int Id, string Number, string Name, string? Customer, DateTime CreatedAt);

    public sealed class Handler(StocktrailDbContext db)
    {
        public async Task<IReadOnlyList<Item>> HandleAsync(CancellationToken ct) =>
            await (from p in db.Projects.AsNoTracking()
                   join c in db.Customers.AsNoTracking() on p.CustomerId equals c.Id into customers
                   from c in customers.DefaultIfEmpty()
                   orderby p.Id descending
                   select new Item(p.Id, p.Number, p.Name, c == null ? null : c.Name, p.CreatedAt)).Take(500).ToListAsync(ct);
    }
}

public sealed class ProjectsModel(ProjectList.Handler list, CreateProject.Handler create, Choices choices) : StockPageModel
{
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public int? CustomerId { get; set; }

    public IReadOnlyList<ProjectList.Item> Projects { get; private set; } = [];
    public IReadOnlyList<Choices.Option> Customers { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    [Needs(Permission.Production)]
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            var project = await create.HandleAsync(new CreateProject.Request(Name, CustomerId), ct);
            return Done($"Project {project.Number} created.", $"/projects/{project.Id}");
        }
        catch (StockRuleException refused)
        {
            ShowRefusal(refused);
            await LoadAsync(ct);
            return Refused();
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Projects = await list.HandleAsync(ct);
        Customers = await choices.CustomersAsync(ct);
    }
}
