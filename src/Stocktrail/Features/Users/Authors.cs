using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;

namespace Stocktrail.Features.Users;

/// <summary>
/// The name a document shows as who made it: its author's user name, or <see cref="User.BeforeUsers"/> for what was
/// made before there were users. Lists and ledger rows join the Users table in their own query instead.
/// </summary>
public static class Authors
{
    public static async Task<string> NameAsync(StocktrailDbContext db, int? userId, CancellationToken ct) =>
        userId is { } id
            ? await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => u.UserName).FirstOrDefaultAsync(ct) ?? User.BeforeUsers
            : User.BeforeUsers;
}
