using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Stocktrail.Features.Users;

namespace Stocktrail.Data;

/// <summary>
/// Records who made each document and ledger row as it is first saved: the <c>CreatedById</c> of a document, the
/// <c>UserId</c> of a movement. One place for it, so no handler can forget. (The ledger's set-based inserts stamp
/// their rows the same way, in <see cref="LedgerWriter"/>.)
/// </summary>
public sealed class AuthorStamp(CurrentUser user) : SaveChangesInterceptor
{
    private static readonly string[] AuthorProperties = ["CreatedById", "UserId"];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Stamp(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Stamp(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void Stamp(DbContext? context)
    {
        if (context is null || user.Id is not { } id) return;
        foreach (var entry in context.ChangeTracker.Entries().Where(e => e.State == EntityState.Added))
        {
            if (entry.Entity is Features.Audit.AuditEntry or ApiKey or User) continue;
            foreach (var name in AuthorProperties)
                if (entry.Metadata.FindProperty(name) is { ClrType: var type } && type == typeof(int?) && entry.Property(name).CurrentValue is null)
                    entry.Property(name).CurrentValue = id;
        }
    }
}
