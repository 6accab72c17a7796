using Stocktrail.Domain;
using Stocktrail.Features.Dashboard;

namespace Stocktrail.Web;

/// <summary>What the line takes stock out for: it decides whether an expired batch may be chosen, and the words saying so.</summary>
public enum BatchPickerUse { Use, Dispatch, Transfer }

/// <summary>
/// One batch picker (Features/Shared/_BatchPicker.cshtml) on a line that takes batches out: "FEFO (earliest expiry
/// first)" chosen by default, or the batches named, with the batches in stock listed with quantity and date.
/// <see cref="InStock"/> is the list when the server knows the product and warehouse (a sale's lines); null when they
/// are chosen in the form, where the script fetches <c>GET /api/products/{id}/batches?warehouseId=</c>.
/// <see cref="Name"/> is the line's field prefix (<c>Dispatch[0]</c>): the picker posts <c>.Pick</c> and <c>.Batches</c>.
/// </summary>
public sealed record BatchPickerView(string Name, string Label, string TextLabel, BatchPickerUse Use, string? Pick, string? Batches,
    IReadOnlyList<ProductBatches.Item>? InStock = null, int? ProductId = null, int? WarehouseId = null, string? WarehouseSelect = null,
    string? WarehouseCode = null)
{
    /// <summary>Transfers take expired batches (to a quarantine warehouse, say); uses and dispatches refuse them.</summary>
    public bool ExpiredAllowed => Use == BatchPickerUse.Transfer;

    /// <summary>Named when the user chose so, or when batches are given without a choice (filled from a bill of materials).</summary>
    public bool Named => Pick == PickNamed || (Pick is null && !string.IsNullOrWhiteSpace(Batches));

    /// <summary>What an expired batch's date is followed by.</summary>
    public string ExpiredNote => Use switch
    {
        BatchPickerUse.Use => " (expired: cannot be used)",
        BatchPickerUse.Dispatch => " (expired: cannot be dispatched)",
        _ => " (expired: may be transferred)",
    };

    public const string PickFefo = nameof(BatchPick.Fefo);
    public const string PickNamed = "Named";

    /// <summary>
    /// The pick a line asks for: FEFO when the picker says FEFO (or nothing: a form without the picker, or posted
    /// without script) and no batches are typed; typed batches are always taken as named.
    /// </summary>
    public static BatchPick? PickOf(string? pick, string? batches) =>
        pick != PickNamed && string.IsNullOrWhiteSpace(batches) ? BatchPick.Fefo : null;
}
