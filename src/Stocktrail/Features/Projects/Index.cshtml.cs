using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Users;
using Stocktrail.Web;

namespace Stocktrail.Features.Projects;

public sealed class ProjectsModel(ListProjects.Handler list, CreateProject.Handler create, Choices choices) : Shared.DocumentListModel
{
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public int? CustomerId { get; set; }

    public IReadOnlyList<ProjectDto> Projects { get; private set; } = [];
    public IReadOnlyList<Choices.Option> Customers { get; private set; } = [];
    public IReadOnlyDictionary<int, string> CustomerNames { get; private set; } = new Dictionary<int, string>();
    public override string? PartyLabel => "Customer";
    public override string ApiPath => "/api/projects";

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
        await LoadChoicesAsync(choices, ct);
        Customers = PartyChoices = await choices.CustomersAsync(ct);
        CustomerNames = Customers.ToDictionary(c => c.Id, c => c.Text);
        var page = await ReadAsync(() => list.PageAsync(new ListProjects.Query(FilterPartyId, Filter), ct));
        Projects = page?.Items ?? [];
        Next = page?.Next;
    }
}
