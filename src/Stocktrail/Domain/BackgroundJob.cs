namespace Stocktrail.Domain;

public enum BackgroundJobStatus { Queued, Running, Succeeded, Failed }

/// <summary>
/// Work that outlives its request, such as the import of a large count sheet: a row that any node of the app may
/// claim. The node working on it holds a lease (<see cref="LeaseOwner"/> until <see cref="LeaseExpiresAt"/>) and renews
/// it while it works, writing the percentage done as it goes; a lease that runs out means the node died, and another
/// node takes the job over. The row keeps the answer the request would have given (a result or a problem) as JSON.
/// The input (the uploaded sheet) is kept in <see cref="BackgroundJobInput"/> rows until the job has ended.
/// </summary>
public sealed class BackgroundJob
{
    private BackgroundJob() { }

    public BackgroundJob(string kind, int? stockTakeId, DateTime createdAt)
    {
        Kind = kind;
        StockTakeId = stockTakeId;
        CreatedAt = createdAt;
        Status = BackgroundJobStatus.Queued;
    }

    public int Id { get; private set; }
    /// <summary>The user who made it; null for what was made before there were users. Set when it is first saved.</summary>
    public int? CreatedById { get; private set; }
    public string Kind { get; private set; } = "";
    public int? StockTakeId { get; private set; }
    public BackgroundJobStatus Status { get; private set; }
    public int Percent { get; private set; }
    /// <summary>HTTP status the synchronous request would have answered.</summary>
    public int? ResultStatus { get; private set; }
    public string? ResultJson { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime? FinishedAt { get; private set; }
    /// <summary>How many times a node has started it; a job whose nodes keep dying is failed after a few.</summary>
    public int Attempts { get; private set; }
    /// <summary>The node working on it while it runs (see <c>Features/Jobs/JobLeases</c>).</summary>
    public string? LeaseOwner { get; private set; }
    public DateTime? LeaseExpiresAt { get; private set; }
}

/// <summary>One piece of a job's input, in order; an uploaded sheet of up to the sheet limit is kept as pieces of 1 MB.</summary>
public sealed class BackgroundJobInput
{
    private BackgroundJobInput() { }

    public BackgroundJobInput(int jobId, int sequence, byte[] data)
    {
        JobId = jobId;
        Sequence = sequence;
        Data = data;
    }

    public int JobId { get; private set; }
    public int Sequence { get; private set; }
    public byte[] Data { get; private set; } = [];
}
