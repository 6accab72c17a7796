using Microsoft.AspNetCore.Mvc;
using Stocktrail.Domain;
using Stocktrail.Features.Users;
using Stocktrail.Web;

namespace Stocktrail.Features.Webhooks;

/// <summary>Setup → Webhooks, for an Administrator: the hooks, a new one (its secret shown this once), on/off, delete, and one hook's deliveries.</summary>
[Needs(Permission.Administration)]
public sealed class WebhooksModel(ManageWebhooks.Handler hooks) : StockPageModel
{
    [BindProperty] public string? Address { get; set; }
    [BindProperty] public List<string> Events { get; set; } = [];
    [BindProperty] public string? Description { get; set; }

    public IReadOnlyList<WebhookDto> Hooks { get; private set; } = [];
    public CreatedWebhookDto? Created { get; private set; }
    public WebhookDto? Selected { get; private set; }
    public IReadOnlyList<WebhookDeliveryDto> Deliveries { get; private set; } = [];

    public async Task OnGetAsync(int? id, CancellationToken ct) => await LoadAsync(id, ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            // The secret is shown in this answer and never again, so it is not carried across a redirect.
            Created = await hooks.CreateAsync(new ManageWebhooks.CreateRequest(Address, Events, Description), ct);
            Address = Description = null;
            Events = [];
            await LoadAsync(null, ct);
            return Page();
        }
        catch (StockRuleException refused)
        {
            ShowRefusal(refused);
            await LoadAsync(null, ct);
            return Refused();
        }
    }

    public async Task<IActionResult> OnPostActiveAsync(int id, bool active, CancellationToken ct)
    {
        var hook = await hooks.UpdateAsync(id, new ManageWebhooks.UpdateRequest(null, null, null, active), ct);
        return Done($"Webhook to {hook.Url} {(active ? "switched on" : "switched off")}.", "/setup/webhooks");
    }

    public async Task<IActionResult> OnPostDeleteAsync(int id, CancellationToken ct)
    {
        await hooks.DeleteAsync(id, ct);
        return Done("Webhook deleted with its deliveries.", "/setup/webhooks");
    }

    private async Task LoadAsync(int? id, CancellationToken ct)
    {
        Hooks = (await hooks.ListAsync(ct)).Items;
        if (id is not { } selected) return;
        Selected = await hooks.GetAsync(selected, ct);
        Deliveries = (await hooks.DeliveriesAsync(selected, null, 1, 100, ct)).Items;
    }
}
