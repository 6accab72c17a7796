using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;

namespace Stocktrail.Features.Users;

/// <summary>
/// The one-time setup link's token (<see cref="FirstRun"/> prints it): whether it may still be used, claimed with one
/// conditional update (two submits at the same moment cannot both make an Administrator), and released again when the
/// Administrator could not be made.
/// </summary>
public static class SetupLink
{
    public sealed class Handler(StocktrailDbContext db, TimeProvider clock)
    {
        /// <summary>Why the link cannot be used, or null when it can.</summary>
        public async Task<string?> WhyNotAsync(string? token, CancellationToken ct)
        {
            if (string.IsNullOrEmpty(token) || token.Length > ApiKeys.MaxLength)
                return "This page needs the whole setup link Stocktrail printed to its log at first start (…/setup/first-admin?token=…).";
            if (await db.Users.AnyAsync(ct)) return "Stocktrail already has users, so the setup link no longer works: sign in, or ask an Administrator.";
            var hash = ApiKeys.Hash(token);
            var found = await db.Set<SetupToken>().AsNoTracking().FirstOrDefaultAsync(t => t.Hash == hash, ct);
            if (found is null) return "This setup link is not known: copy the whole link from the log.";
            if (found.UsedAt is not null) return "This setup link was already used: it works once.";
            if (found.ExpiresAt <= clock.GetUtcNow().UtcDateTime)
                return "This setup link has expired (it works for an hour). Restart Stocktrail: it prints a new one while no user exists.";
            return null;
        }

        /// <summary>Marks the link used, only if it is still unused and not expired; false when someone was quicker.</summary>
        public async Task<bool> ClaimAsync(string token, CancellationToken ct)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            return await Token(token).Where(t => t.UsedAt == null && t.ExpiresAt > now)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, (DateTime?)now), ct) == 1;
        }

        /// <summary>Nothing was made: the link stays usable for a better try.</summary>
        public async Task ReleaseAsync(string token, CancellationToken ct) =>
            await Token(token).ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, (DateTime?)null), ct);

        private IQueryable<SetupToken> Token(string token)
        {
            var hash = ApiKeys.Hash(token);
            return db.Set<SetupToken>().Where(t => t.Hash == hash);
        }
    }
}
