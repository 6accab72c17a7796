using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Audit;

namespace Stocktrail.Features.Users;

public sealed record UserDto(int Id, string UserName, string DisplayName, Role Role, bool IsActive)
{
    public static UserDto From(User u) => new(u.Id, u.UserName!, u.DisplayName, u.Role, u.IsActive);
}

/// <summary>The caller: the user behind the session or API key.</summary>
public sealed record MeDto(int Id, string UserName, string DisplayName, Role Role);

/// <summary>
/// Users are made, changed and deactivated by an Administrator. A user without a password signs in nowhere and works
/// only through API keys (a scanner, an integration). Deactivating a user, or changing their role or password,
/// renews their security stamp, which ends every session at once; their keys stop because each request checks the user.
/// The last active Administrator cannot be deactivated or given another role.
/// </summary>
public static class ManageUsers
{
    public sealed record CreateRequest(string? UserName, string? DisplayName, string? Role, string? Password);
    public sealed record UpdateRequest(string? DisplayName, string? Role, bool? IsActive, string? Password);

    public sealed class Handler(StocktrailDbContext db, UserManager<User> users, AuditTrail audit, TimeProvider clock)
    {
        public async Task<IReadOnlyList<UserDto>> ListAsync(CancellationToken ct) =>
            (await db.Users.AsNoTracking().OrderBy(u => u.NormalizedUserName).ToListAsync(ct)).Select(UserDto.From).ToList();

        public async Task<MeDto> MeAsync(int id, CancellationToken ct)
        {
            var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, ct)
                ?? throw StockRuleException.NotFound($"There is no user with id {id}.");
            return new MeDto(user.Id, user.UserName!, user.DisplayName, user.Role);
        }

        public async Task<UserDto> CreateAsync(CreateRequest request, CancellationToken ct)
        {
            var problems = new ProblemList();
            var userName = request.UserName?.Trim() ?? "";
            if (userName.Length is 0 or > 64) problems.Add(Problem.Invalid("userName needs 1 to 64 characters."));
            var role = ParseRole(request.Role, problems, required: true);
            var displayName = CheckDisplayName(request.DisplayName, problems) ?? userName;
            problems.ThrowIfAny();
            if (await users.FindByNameAsync(userName) is not null)
                throw StockRuleException.Conflict($"There is already a user named {userName}.");

            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var user = new User(userName, displayName, role!.Value, clock.GetUtcNow().UtcDateTime);
            audit.Record("user.created", $"User {userName} made with the role {role}{(request.Password is null ? ", without a password (API keys only)" : "")}.");
            Check(await users.CreateAsync(user), "userName");
            if (request.Password is not null) Check(await users.AddPasswordAsync(user, request.Password), "password");
            await tx.CommitAsync(ct);
            return UserDto.From(user);
        }

        public async Task<UserDto> UpdateAsync(int id, UpdateRequest request, CancellationToken ct)
        {
            var problems = new ProblemList();
            var role = ParseRole(request.Role, problems, required: false);
            var displayName = CheckDisplayName(request.DisplayName, problems);
            problems.ThrowIfAny();

            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, ct)
                ?? throw StockRuleException.NotFound($"There is no user with id {id}.");
            var changes = new List<string>();
            var endsSessions = false;
            if (displayName is not null && displayName != user.DisplayName)
            {
                user.Rename(displayName);
                changes.Add($"display name {displayName}");
            }
            var losesAdministration = user is { Role: Role.Administrator, IsActive: true }
                && ((role is { } r && r != Role.Administrator) || request.IsActive == false);
            if (losesAdministration && !await db.Users.AnyAsync(u => u.Id != id && u.IsActive && u.Role == Role.Administrator, ct))
                throw StockRuleException.Conflict($"{user.UserName} is the last active Administrator: make another Administrator first.");
            if (role is { } newRole && newRole != user.Role)
            {
                changes.Add($"role {user.Role} → {newRole}");
                user.ChangeRole(newRole);
                endsSessions = true;
            }
            if (request.IsActive is { } active && active != user.IsActive)
            {
                user.Activate(active);
                changes.Add(active ? "reactivated" : "deactivated: sessions ended, API keys stopped");
                endsSessions = true;
            }
            if (request.Password is not null)
            {
                if (await users.HasPasswordAsync(user)) Check(await users.RemovePasswordAsync(user), "password");
                Check(await users.AddPasswordAsync(user, request.Password), "password");
                changes.Add("password set");
                endsSessions = true;
            }
            if (changes.Count > 0)
            {
                audit.Record(request.IsActive == false ? "user.deactivated" : "user.updated", $"User {user.UserName}: {string.Join("; ", changes)}.");
                if (endsSessions) Check(await users.UpdateSecurityStampAsync(user), "user");
                else Check(await users.UpdateAsync(user), "user");
            }
            await tx.CommitAsync(ct);
            return UserDto.From(user);
        }

        private static Role? ParseRole(string? text, ProblemList problems, bool required)
        {
            if (text is null)
            {
                if (required) problems.Add(Problem.Invalid($"role is required: one of {string.Join(", ", Enum.GetNames<Role>())}."));
                return null;
            }
            if (Enum.TryParse<Role>(text.Trim(), ignoreCase: true, out var role) && Enum.IsDefined(role) && !int.TryParse(text, out _)) return role;
            problems.Add(Problem.Invalid($"role '{text}' is not known: use one of {string.Join(", ", Enum.GetNames<Role>())}."));
            return null;
        }

        private static string? CheckDisplayName(string? text, ProblemList problems)
        {
            if (text is null) return null;
            var trimmed = text.Trim();
            if (trimmed.Length is 0 or > 100 || trimmed.Any(char.IsControl)) problems.Add(Problem.Invalid("displayName needs 1 to 100 characters, without control characters."));
            return trimmed;
        }
    }

    /// <summary>Identity's refusals (a short password, a user name with odd characters) as a 400 naming the field.</summary>
    public static void Check(IdentityResult result, string field)
    {
        if (result.Succeeded) return;
        throw new StockRuleException(result.Errors.Select(e => Problem.Invalid($"{field}: {e.Description}")).ToList());
    }
}

public sealed record ApiKeyDto(int Id, string Name, string Prefix, DateTime CreatedAt, DateTime? ExpiresAt, DateTime? RevokedAt, bool IsActive);

/// <summary>The key as made: the secret is in this answer only.</summary>
public sealed record NewApiKeyDto(int Id, string Name, string Key, DateTime? ExpiresAt);

/// <summary>API keys: any user makes and revokes their own; an Administrator those of anyone (the OwnKeys policy).</summary>
public static class ManageApiKeys
{
    public sealed record CreateRequest(string? Name, DateTime? ExpiresAt)
    {
        /// <summary>A key valid through the day a page's date field chose (UTC), or without expiry.</summary>
        public static CreateRequest ValidThrough(string? name, DateTime? day) =>
            new(name, day is { } d ? DateTime.SpecifyKind(d.Date.AddDays(1), DateTimeKind.Utc) : null);
    }

    public sealed class Handler(StocktrailDbContext db, AuditTrail audit, TimeProvider clock)
    {
        public async Task<NewApiKeyDto> CreateAsync(int userId, CreateRequest request, CancellationToken ct)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var problems = new ProblemList();
            var name = request.Name?.Trim() ?? "";
            if (name.Length is 0 or > 100 || name.Any(char.IsControl)) problems.Add(Problem.Invalid("name needs 1 to 100 characters, without control characters: say what the key is for (\"Scanner 2\")."));
            var expiresAt = request.ExpiresAt?.ToUniversalTime();
            if (expiresAt <= now) problems.Add(Problem.Invalid($"expiresAt {request.ExpiresAt:O} is not in the future."));
            problems.ThrowIfAny();
            var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct)
                ?? throw StockRuleException.NotFound($"There is no user with id {userId}.");
            if (!user.IsActive) throw StockRuleException.Conflict($"{user.UserName} is deactivated: their keys would not work.");

            var key = ApiKeys.NewKey();
            var apiKey = new ApiKey(user.Id, name, ApiKeys.Hash(key), ApiKeys.PrefixOf(key), now, expiresAt);
            db.ApiKeys.Add(apiKey);
            audit.Record("apikey.created", $"API key '{name}' ({apiKey.Prefix}…) made for {user.UserName}{(expiresAt is null ? "" : $", expiring {expiresAt:yyyy-MM-dd HH:mm} UTC")}.");
            await db.SaveChangesAsync(ct);
            return new NewApiKeyDto(apiKey.Id, apiKey.Name, key, apiKey.ExpiresAt);
        }

        public async Task<IReadOnlyList<ApiKeyDto>> ListAsync(int userId, CancellationToken ct)
        {
            if (!await db.Users.AnyAsync(u => u.Id == userId, ct)) throw StockRuleException.NotFound($"There is no user with id {userId}.");
            var now = clock.GetUtcNow().UtcDateTime;
            var keys = await db.ApiKeys.AsNoTracking().Where(k => k.UserId == userId).OrderBy(k => k.Id).ToListAsync(ct);
            return keys.Select(k => new ApiKeyDto(k.Id, k.Name, k.Prefix, k.CreatedAt, k.ExpiresAt, k.RevokedAt, k.IsUsableAt(now))).ToList();
        }

        public async Task RevokeAsync(int keyId, CancellationToken ct)
        {
            var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == keyId, ct)
                ?? throw StockRuleException.NotFound($"There is no API key with id {keyId}.");
            if (key.RevokedAt is not null) return;
            key.Revoke(clock.GetUtcNow().UtcDateTime);
            var owner = await db.Users.Where(u => u.Id == key.UserId).Select(u => u.UserName).FirstAsync(ct);
            audit.Record("apikey.revoked", $"API key '{key.Name}' ({key.Prefix}…) of {owner} revoked.");
            await db.SaveChangesAsync(ct);
        }
    }
}
