namespace LoanJourney.Engine.Model;

/// <summary>
/// The form a webhook's correlation key is stored in (<c>webhook_inbox.key</c>, <c>bookmarks.key</c>, a journal's
/// <c>WebhookReceived</c>), session 53. A FinBox event's key carries the lender payload's customer id
/// (<c>finbox:&lt;customerId&gt;:&lt;event&gt;</c>); it is kept with that id replaced by its <see cref="PrivacyHash"/>
/// (<c>finbox:sha256:&lt;hex&gt;:&lt;event&gt;</c>, the form the log lines and the erasure's <c>customerHash</c> already use).
/// The engine applies it wherever a key comes in (a delivery, a wait, an erasure's prefixes), so a key a workflow templates
/// (<c>finbox:{{$input.customerId}}:…</c>) and the one the webhook endpoint derives still meet. Other keys are stored as given
/// (a partner handshake's is our own <c>hs-&lt;instance id&gt;</c>); docs/engine.md, "Inbox".
/// </summary>
public static class InboxKeys
{
    /// <summary>The source whose keys carry a borrower's id.</summary>
    public const string FinBoxPrefix = "finbox:";

    /// <summary>The stored form of <paramref name="key"/> (a key already stored so, or null, is returned as it is).</summary>
    public static string Stored(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!key.StartsWith(FinBoxPrefix, StringComparison.Ordinal) || key.AsSpan(FinBoxPrefix.Length).StartsWith(PrivacyHash.Prefix, StringComparison.Ordinal))
        {
            return key;
        }

        // The id's hash written in place of the id, in one string (round 59).
        var end = key.IndexOf(':', FinBoxPrefix.Length);
        return PrivacyHash.Replacing(key, FinBoxPrefix.Length, end < 0 ? key.Length : end);
    }

    /// <summary><see cref="Stored"/> for a nullable column (the SQLite migration's SQL function).</summary>
    public static string? StoredOrNull(string? key) => key is null ? null : Stored(key);
}
