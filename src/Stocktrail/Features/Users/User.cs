using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stocktrail.Domain;

namespace Stocktrail.Features.Users;

/// <summary>
/// A person who signs in, or whose API keys an integration uses. Passwords, lockout and the security stamp are
/// ASP.NET Core Identity's. A user is deactivated, never deleted: the ledger and the audit log name them forever.
/// </summary>
public sealed class User : IdentityUser<int>
{
    private User() { }

    public User(string userName, string displayName, Role role, DateTime createdAt) : base(userName)
    {
        DisplayName = displayName;
        Role = role;
        IsActive = true;
        CreatedAt = createdAt;
        // Identity sets the stamp when it creates the user; a user made here without a password still needs one.
        SecurityStamp = Guid.NewGuid().ToString("N");
    }

    public string DisplayName { get; private set; } = "";
    public Role Role { get; private set; }
    public bool IsActive { get; private set; }
    public DateTime CreatedAt { get; private set; }

    public void Rename(string displayName) => DisplayName = displayName;
    public void ChangeRole(Role role) => Role = role;
    public void Activate(bool active) => IsActive = active;

    /// <summary>What rows made before there were users show as their author.</summary>
    public const string BeforeUsers = "(before users)";
}

/// <summary>
/// A secret an integration or scanner sends as <c>Authorization: Bearer</c>. Only its SHA-256 hash is stored: the key
/// is shown once, when it is made. It acts as its user, with the user's role, until it expires or is revoked.
/// </summary>
public sealed class ApiKey
{
    private ApiKey() { }

    public ApiKey(int userId, string name, string hash, string prefix, DateTime createdAt, DateTime? expiresAt)
    {
        UserId = userId;
        Name = name;
        Hash = hash;
        Prefix = prefix;
        CreatedAt = createdAt;
        ExpiresAt = expiresAt;
    }

    public int Id { get; private set; }
    public int UserId { get; private set; }
    public string Name { get; private set; } = "";
    /// <summary>Hex SHA-256 of the whole key; a key of 32 random bytes needs no salt or stretching.</summary>
    public string Hash { get; private set; } = "";
    /// <summary>The key's first characters, so that a user can tell their keys apart without the secret.</summary>
    public string Prefix { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
    public DateTime? ExpiresAt { get; private set; }
    public DateTime? RevokedAt { get; private set; }

    public bool IsUsableAt(DateTime now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);

    public void Revoke(DateTime at) => RevokedAt ??= at;
}

/// <summary>The one-time link a first start prints, with which the first Administrator is made. Only its hash is kept.</summary>
public sealed class SetupToken
{
    private SetupToken() { }

    public SetupToken(string hash, DateTime expiresAt)
    {
        Hash = hash;
        ExpiresAt = expiresAt;
    }

    public int Id { get; private set; }
    public string Hash { get; private set; } = "";
    public DateTime ExpiresAt { get; private set; }
    public DateTime? UsedAt { get; private set; }

    public void Use(DateTime at) => UsedAt = at;
}

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> b)
    {
        b.ToTable("Users");
        b.Property(u => u.DisplayName).HasMaxLength(100);
        b.Property(u => u.Role).HasMaxLength(32);
    }
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> b)
    {
        b.Property(k => k.Name).HasMaxLength(100);
        b.Property(k => k.Hash).HasMaxLength(64);
        b.Property(k => k.Prefix).HasMaxLength(16);
        b.HasIndex(k => k.Hash).IsUnique();
        b.HasIndex(k => k.UserId);
        b.HasOne<User>().WithMany().HasForeignKey(k => k.UserId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SetupTokenConfiguration : IEntityTypeConfiguration<SetupToken>
{
    public void Configure(EntityTypeBuilder<SetupToken> b)
    {
        b.ToTable("SetupTokens");
        b.Property(t => t.Hash).HasMaxLength(64);
        b.HasIndex(t => t.Hash).IsUnique();
    }
}
