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

    public WorkflowInstanceSummary ToSummary() =>
        new(Id, WorkflowId, (int)WorkflowVersion, Enum.Parse<WorkflowStatus>(Status), Outcome, CorrelationId, CurrentStepId,
            UnixMs.From(CreatedAt), UnixMs.From(UpdatedAt))
        {
            WaitingSince = WaitingSince is null ? null : DateTimeOffset.Parse(WaitingSince, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
            HasIncident = HasIncident != 0,
            Revision = Version,
        };
}
