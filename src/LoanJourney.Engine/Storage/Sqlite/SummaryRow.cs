using System.Data.Common;
using System.Globalization;
using LoanJourney.Engine.Model;

namespace LoanJourney.Engine.Storage.Sqlite;

/// <summary>Dapper shape of an instance summary (times in Unix ms, waiting-since as ISO-8601 text); shared by both stores.</summary>
internal sealed class SummaryRow
{
    public string Id { get; set; } = "";
    public string WorkflowId { get; set; } = "";
    public long WorkflowVersion { get; set; }
    public string Status { get; set; } = "";
    public string? Outcome { get; set; }
    public string? CorrelationId { get; set; }
    public string? CurrentStepId { get; set; }
    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }
    public long Version { get; set; }
    public string? WaitingSince { get; set; }
    public long HasIncident { get; set; }
    public string? Partner { get; set; }
    public string? IncidentKind { get; set; }
    public string? DeferredOn { get; set; }
    public long? FaultedAt { get; set; }

    // Read by the faulted run's page only (its keyset cursor), by name: 0 for a money question awaiting a decision (migration 0039).
    public long FaultRank { get; set; } = 1;

    /// <summary>Reads the current row of a reader over the SQLite store's summary columns, by ordinal in their order.</summary>
    public static SummaryRow Read(DbDataReader reader) => new()
    {
        Id = reader.GetString(0),
        WorkflowId = reader.GetString(1),
        WorkflowVersion = reader.GetInt64(2),
        Status = reader.GetString(3),
        Outcome = reader.GetStringOrNull(4),
        CorrelationId = reader.GetStringOrNull(5),
        CurrentStepId = reader.GetStringOrNull(6),
        CreatedAt = reader.GetInt64(7),
        UpdatedAt = reader.GetInt64(8),
        Version = reader.GetInt64(9),
        WaitingSince = reader.GetStringOrNull(10),
        HasIncident = reader.GetInt64(11),
        Partner = reader.GetStringOrNull(12),
        IncidentKind = reader.GetStringOrNull(13),
        DeferredOn = reader.GetStringOrNull(14),
        FaultedAt = reader.GetInt64OrNull(15),
    };

    public WorkflowInstanceSummary ToSummary() =>
        new(Id, WorkflowId, (int)WorkflowVersion, Enum.Parse<WorkflowStatus>(Status), Outcome, CorrelationId, CurrentStepId,
            UnixMs.From(CreatedAt), UnixMs.From(UpdatedAt))
        {
            WaitingSince = WaitingSince is null ? null : DateTimeOffset.Parse(WaitingSince, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
            HasIncident = HasIncident != 0,
            Revision = Version,
            Partner = Partner,
            IncidentKind = HasIncident != 0 ? IncidentKind : null,
            DeferredOn = DeferredOn,
            FaultedAt = UnixMs.From(FaultedAt),
        };
}
