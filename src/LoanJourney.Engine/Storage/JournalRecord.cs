using System.Text.Json.Nodes;
using LoanJourney.Engine.Model;

namespace LoanJourney.Engine.Storage;

/// <summary>A stored journal entry (data is opaque JSON text).</summary>
public sealed record JournalRecord(long Sequence, string InstanceId, DateTimeOffset At, string Kind, string? StepId, int? Attempt, string? DataJson);

/// <summary>Journal entries written in more than one place, built once so the stores and the client cannot drift apart.</summary>
public static class JournalEntries
{
    /// <summary>
    /// A cancel flagged on the journey: by a store's cancel (<paramref name="whileRunning"/>: a runner held it), or with an
    /// operator's decision that its lost call was not sent (<paramref name="decision"/>, <c>confirm-not-sent</c>).
    /// </summary>
    public static JournalRecord CancelRequested(string instanceId, DateTimeOffset at, string? reason, string? by, bool whileRunning, string? decision = null)
    {
        var data = new JsonObject { ["reason"] = reason, ["by"] = by, ["whileRunning"] = whileRunning };
        if (decision is not null)
        {
            data["decision"] = decision;
        }

        return new JournalRecord(0, instanceId, at, JournalKinds.CancelRequested, null, null, data.ToJsonString());
    }
}

