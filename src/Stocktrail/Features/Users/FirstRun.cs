using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Audit;

namespace Stocktrail.Features.Users;

/// <summary>
/// How the first user comes to be, on a database that has none. Never a password that works on every installation:
/// <list type="bullet">
/// <item>with <c>Stocktrail:BootstrapApiKey</c> set, an Administrator <c>admin</c> holding that key (for scripts and checks);</item>
/// <item>with demo data asked for, a user of each role, with random passwords printed once to the log;</item>
/// <item>otherwise a one-time setup link (a random token, valid for an hour) printed to the log, where the first
/// Administrator is made.</item>
/// </list>
/// A database that has users is left alone, whatever the settings say.
/// </summary>
public static class FirstRun
{
    public const string BootstrapKeySetting = "Stocktrail:BootstrapApiKey";
    public static readonly TimeSpan SetupLinkLifetime = TimeSpan.FromHours(1);

    /// <summary>The demo users, one per role, named for it.</summary>
    public static IEnumerable<(string UserName, Role Role)> DemoUsers =>
        Enum.GetValues<Role>().Select(r => (r == Role.Administrator ? "admin" : r.ToString().ToLowerInvariant(), r));

    /// <summary>Returns the Administrator that start-up tasks (demo data) act as, when one was made now.</summary>
    public static async Task<User?> PrepareFirstUsersAsync(this WebApplication app, bool demo)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<StocktrailDbContext>();
        var bootstrapKey = app.Configuration[BootstrapKeySetting];
        if (await db.Users.AnyAsync())
        {
            if (!string.IsNullOrWhiteSpace(bootstrapKey))
                app.Logger.LogInformation("{Setting} is ignored: the database already has users.", BootstrapKeySetting);
            return null;
        }

        var users = services.GetRequiredService<UserManager<User>>();
        var audit = services.GetRequiredService<AuditTrail>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        User? admin = null;
        if (!string.IsNullOrWhiteSpace(bootstrapKey))
        {
            admin = await CreateAsync(users, "admin", Role.Administrator, null, now);
            var key = bootstrapKey.Trim();
            db.ApiKeys.Add(new ApiKey(admin.Id, "Bootstrap key", ApiKeys.Hash(key), ApiKeys.PrefixOf(key), now, null));
            audit.Record("user.created", $"Administrator admin made at start-up, holding the API key of {BootstrapKeySetting}.");
            await db.SaveChangesAsync();
            if (key.Length < 32) app.Logger.LogWarning("{Setting} is shorter than 32 characters; use a long random key.", BootstrapKeySetting);
            app.Logger.LogInformation("Administrator admin made, holding the API key of {Setting}.", BootstrapKeySetting);
        }

        if (demo)
        {
            var lines = new List<string>();
            foreach (var (userName, role) in DemoUsers)
            {
                var password = RandomPassword();
                var user = userName == admin?.UserName ? admin : await CreateAsync(users, userName, role, null, now);
                Check(await users.AddPasswordAsync(user, password));
                admin ??= role == Role.Administrator ? user : null;
                lines.Add($"  {userName,-12} {role,-14} {password}");
            }
            audit.Record("user.created", "Demo users of every role made at start-up.");
            await db.SaveChangesAsync();
            app.Logger.LogWarning("Demo users, one per role; their passwords are shown this once (change them on the Password page):\n{Users}",
                string.Join("\n", lines));
        }

        if (admin is null)
        {
            var token = ApiKeys.Base64Url(RandomNumberGenerator.GetBytes(32));
            db.Add(new SetupToken(ApiKeys.Hash(token), now + SetupLinkLifetime));
            await db.SaveChangesAsync();
            app.Lifetime.ApplicationStarted.Register(() =>
            {
                var address = app.Services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://<this server>";
                app.Logger.LogWarning("No user exists yet. Open {Link} within an hour to make the first Administrator (the link works once).",
                    $"{address.TrimEnd('/')}/setup/first-admin?token={token}");
            });
        }
        return admin;
    }

    public static string RandomPassword() => ApiKeys.Base64Url(RandomNumberGenerator.GetBytes(15));

    private static async Task<User> CreateAsync(UserManager<User> users, string userName, Role role, string? displayName, DateTime now)
    {
        var user = new User(userName, displayName ?? userName, role, now);
        Check(await users.CreateAsync(user));
        return user;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
