using LoanJourney.Engine.Model;
using LoanJourney.Engine.Runtime;

namespace LoanJourney.Engine.Storage;

/// <summary>What a redacted journey row keeps, computed once for both stores.</summary>
internal static class Redaction
{
    public const string EmptyObject = "{}";
    public const string RedactedKey = "redacted";
    public const string ErasedConsumer = "erased";

    /// <summary>The consumer recorded on a buffered inbox record that inbox retention redacted before any journey waited for it.</summary>
    public const string ExpiredConsumer = "expired";

    public static readonly string[] FinalStatuses = [nameof(WorkflowStatus.Completed), nameof(WorkflowStatus.Cancelled), nameof(WorkflowStatus.Faulted)];

    /// <summary>The step history without error texts (they may quote a lender's answer); step ids, statuses, outcomes and times stay.</summary>
    public static string History(string historyJson)
    {
        var history = EngineJson.ReadHistory(historyJson);
        return EngineJson.WriteHistory(history.Select(e => e with { Error = null }).ToList());
    }

    public static string? Correlation(string? correlationId) => correlationId is null ? null : PrivacyHash.Of(correlationId);
}
