using System.Text.Json.Nodes;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Runtime;

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

    /// <summary>
    /// A commit's journal with the <c>WebhookReceived</c> entry of the buffered event it consumed, at the event's arrival
    /// (whole milliseconds, as the inbox stores it) and listed among the commit's entries by that time: an event that came
    /// while the step ran (a lender's callback racing the commit of the wait) sits between the step's call and its
    /// <c>StepSuspended</c>. One that came before the step started (it waited in the inbox for the journey to get there) is
    /// dated at the commit's first entry, never before it, so the journal's times stay in its order; <c>data.receivedAt</c>
    /// always says when it came. Before session 44 the entry was appended last, at the commit's time.
    /// </summary>
    public static IReadOnlyList<JournalRecord> WithBufferedWebhook(IReadOnlyList<JournalRecord> journal, InstanceRecord state, PendingStimulus consumed, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(consumed);
        var receivedAt = EngineJson.WholeMillisecond(consumed.ReceivedAt ?? now);
        var at = receivedAt;
        if (journal.Count > 0 && journal.Min(e => e.At) is var first && at < first)
        {
            at = first;
        }

        if (at > now)
        {
            at = now; // another node's clock ahead of this one's
        }

        var data = new JsonObject
        {
            ["key"] = consumed.Key,
            ["eventId"] = consumed.EventId,
            ["buffered"] = true,
            ["receivedAt"] = receivedAt,
        };
        var entry = new JournalRecord(0, state.Id, at, JournalKinds.WebhookReceived, state.CurrentStepId, state.Attempt, data.ToJsonString());
        var result = new List<JournalRecord>(journal.Count + 1);
        var placed = false;
        foreach (var e in journal)
        {
            if (!placed && e.At > at)
            {
                result.Add(entry);
                placed = true;
            }

            result.Add(e);
        }

        if (!placed)
        {
            result.Add(entry);
        }

        return result;
    }
}
