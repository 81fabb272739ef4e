using System.Security.Cryptography;
using LoanJourney.Engine.Storage.Sqlite;

namespace LoanJourney.Engine.Storage;

/// <summary>
/// The reasons of the audit entries about journeys a retention batch redacts, with each journey's own values masked (both
/// stores, in the redaction's transaction, read before its input is cleared): the trail outlives the redaction and must keep
/// who, what and when, not the borrower's name an operator quoted.
/// </summary>
internal static class RedactionReasons
{
    /// <summary>The rows whose reason the journey's mask changes, with the new reason; a journey whose input cannot be decrypted is left as it is.</summary>
    public static List<(long Seq, string Reason)> Masked(
        IEnumerable<(long Seq, string InstanceId, string Reason)> reasons, IEnumerable<(string Id, string Input, string? CorrelationId)> journeys,
        IPayloadProtector protector, JourneyValuesMask mask)
    {
        var masks = new Dictionary<string, Func<string, string>?>(StringComparer.Ordinal);
        foreach (var journey in journeys)
        {
            masks[journey.Id] = Of(journey.Input, journey.CorrelationId, protector, mask);
        }

        // Each journey's reasons through its own mask, by the erasure's rule for a changed row (SqliteWorkflowStore.Remasked).
        var changed = new List<(long Seq, string Reason)>();
        foreach (var journey in reasons.GroupBy(r => r.InstanceId, StringComparer.Ordinal))
        {
            if (masks.GetValueOrDefault(journey.Key) is { } journeyMask)
            {
                changed.AddRange(SqliteWorkflowStore.Remasked(journey.Select(r => (r.Seq, r.Reason)), journeyMask));
            }
        }

        return changed;
    }

    private static Func<string, string>? Of(string input, string? correlationId, IPayloadProtector protector, JourneyValuesMask mask)
    {
        try
        {
            return mask(PackedPayload.Unprotect(protector, input), correlationId);
        }
        catch (CryptographicException)
        {
            // Its keys lost or the value damaged: its values cannot be known (as for the erasure, BorrowerValues); the
            // redaction goes on, and the reasons keep what pattern masking left when they were received.
            return null;
        }
    }
}
