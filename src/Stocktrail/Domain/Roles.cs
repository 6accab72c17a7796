namespace Stocktrail.Domain;

/// <summary>A user's one role. Every role may read everything; what each may change is <see cref="RoleTable"/>.</summary>
public enum Role { Administrator, Purchasing, Warehouse, Production, Sales, Viewer }

/// <summary>One row of the role table in API.md: a kind of change, and the roles that may make it.</summary>
public enum Permission { Catalog, Customers, Administration, PurchaseOrders, Receiving, Production, Sales, Dispatch, StockControl }

/// <summary>
/// The role table, the one place that says who may change what. The API's authorization policies, the pages' handler
/// checks and the buttons a page shows all ask it.
/// </summary>
public static class RoleTable
{
    private static readonly Dictionary<Permission, (string Action, Role[] Roles)> Rows = new()
    {
        [Permission.Catalog] = ("change products and suppliers", [Role.Administrator, Role.Purchasing]),
        [Permission.Customers] = ("change customers", [Role.Administrator, Role.Sales]),
        [Permission.Administration] = ("administer warehouses, users, other users' API keys, reconciliation and the audit log", [Role.Administrator]),
        [Permission.PurchaseOrders] = ("create, approve and complete purchase orders, add landed costs and return to suppliers", [Role.Administrator, Role.Purchasing]),
        [Permission.Receiving] = ("receive purchase orders and correct received serials", [Role.Administrator, Role.Purchasing, Role.Warehouse]),
        [Permission.Production] = ("change projects and production jobs, use and return their materials and complete jobs", [Role.Administrator, Role.Warehouse, Role.Production]),
        [Permission.Sales] = ("create and complete stock sales", [Role.Administrator, Role.Sales]),
        [Permission.Dispatch] = ("dispatch sales and take customer returns", [Role.Administrator, Role.Warehouse, Role.Sales]),
        [Permission.StockControl] = ("adjust, transfer and count stock and change batch expiry dates", [Role.Administrator, Role.Warehouse]),
    };

    public static bool May(Role role, Permission permission) => Rows[permission].Roles.Contains(role);

    /// <summary>What the permission allows, in words that finish "may not …".</summary>
    public static string Action(Permission permission) => Rows[permission].Action;

    public static IReadOnlyList<Role> RolesFor(Permission permission) => Rows[permission].Roles;

    /// <summary>The refusal a caller of <paramref name="role"/> gets: it names the role, the action and who may.</summary>
    public static string Refusal(Role? role, Permission permission) =>
        $"The role {role?.ToString() ?? "(none)"} may not {Action(permission)}; that needs {string.Join(" or ", RolesFor(permission))}.";
}
