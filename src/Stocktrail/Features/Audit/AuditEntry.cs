using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stocktrail.Data;
using Stocktrail.Domain;
using Stocktrail.Features.Users;

namespace Stocktrail.Features.Audit;

/// <summary>
/// One line of the audit log: who did what, when, to which document. Written in the same transaction as the change
/// it records, so the log never claims a change that was rolled back, nor misses one that was made.
/// </summary>
public sealed class AuditEntry
{
    private AuditEntry() { }

    public AuditEntry(DateTime occurredAt, int? userId, string userName, string action, string? documentType, string? documentNumber, string detail)
    {
        OccurredAt = occurredAt;
        UserId = userId;
        UserName = userName;
        Action = action;
        DocumentType = documentType;
        DocumentNumber = documentNumber;
        Detail = detail.Length > MaxDetail ? detail[..(MaxDetail - 1)] + "…" : detail;
    }

    public const int MaxDetail = 1000;

    public long Id { get; private set; }
    public DateTime OccurredAt { get; private set; }
    /// <summary>Null for what no known user did: a failed sign-in with an unknown name, a change made at start-up.</summary>
    public int? UserId { get; private set; }
    /// <summary>As it was typed or known at the time (a failed sign-in names what was typed).</summary>
    public string UserName { get; private set; } = "";
    public string Action { get; private set; } = "";
    public string? DocumentType { get; private set; }
    public string? DocumentNumber { get; private set; }
    public string Detail { get; private set; } = "";
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.Property(e => e.UserName).HasMaxLength(256);
        b.Property(e => e.Action).HasMaxLength(64);
        b.Property(e => e.DocumentType).HasMaxLength(32);
        b.Property(e => e.DocumentNumber).HasMaxLength(64);
        b.Property(e => e.Detail).HasMaxLength(AuditEntry.MaxDetail);
        b.HasIndex(e => e.OccurredAt);
        b.HasIndex(e => new { e.UserId, e.OccurredAt });
    }
}

/// <summary>
/// Adds audit lines to the caller's unit of work, as the signed-in user (or the user a background job acts for);
/// they are saved with the change they describe.
/// </summary>
public sealed class AuditTrail(StocktrailDbContext db, CurrentUser user, TimeProvider clock)
{
    public void Record(string action, string detail, string? documentType = null, string? documentNumber = null) =>
        db.Add(new AuditEntry(clock.GetUtcNow().UtcDateTime, user.Id, user.Name ?? CurrentUser.System, action, documentType, documentNumber, detail));

    /// <summary>A line about one document, named by its type (as the ledger's source types read) and its number.</summary>
    public void Record(string action, string detail, SourceType documentType, string documentNumber) =>
        Record(action, detail, documentType.ToString(), documentNumber);

    /// <summary>For what is recorded on its own, outside any other change (a sign-in, a failed sign-in).</summary>
    public async Task RecordNowAsync(string action, string detail, int? userId, string userName, CancellationToken ct)
    {
        db.Add(new AuditEntry(clock.GetUtcNow().UtcDateTime, userId, userName, action, null, null, detail));
        await db.SaveChangesAsync(ct);
    }
}
