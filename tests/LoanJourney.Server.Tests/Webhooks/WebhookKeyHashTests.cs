using System.Security.Cryptography;
using System.Text;
using LoanJourney.Engine.Model;
using LoanJourney.Lenders.FinBoxSourcing;

namespace LoanJourney.Server.Tests.Webhooks;

/// <summary>
/// A FinBox webhook's three hashes (docs/PERFORMANCE.md, round 59): the inbox key's stored form (<see cref="InboxKeys.Stored"/>,
/// the customer id hashed, migration 0043), the log key's <see cref="PrivacyHash.Of"/> and the event id
/// (<see cref="SourcingWebhook.DeriveEventId"/>). Each is the same text as the formula it had before round 59 (kept here as the
/// reference), and each allocates only the string it answers (not timed).
/// </summary>
public sealed class WebhookKeyHashTests
{
    private static readonly string[] Values =
    [
        "CUST-1", "", "BENCH-run-12345", "ग्राहक-७", "\uD800lone", "tail\uDC00", "pair 😀 pair", "sha256:already", "with:colon",
        new string('x', 511), new string('y', 512), new string('é', 600), string.Concat(Enumerable.Repeat("ab😀", 700)),
    ];

    [Fact]
    public void TheHashTheStoredKeyAndTheEventId_AreTheTextTheyWereBefore()
    {
        foreach (var value in Values)
        {
            Assert.Equal(HashBefore(value), PrivacyHash.Always(value));
            Assert.Equal(value.StartsWith(PrivacyHash.Prefix, StringComparison.Ordinal) ? value : HashBefore(value), PrivacyHash.Of(value));
            foreach (var key in new[]
            {
                "finbox:" + value + ":LOAN_DISBURSED", "finbox:" + value, "finbox:" + value + ":", "finbox::" + value, "partner-handshake:" + value,
                value, "finbox:" + value + ":a:b",
            })
            {
                Assert.Equal(StoredBefore(key), InboxKeys.Stored(key));
            }

            foreach (var payload in Payloads(value))
            {
                Assert.Equal(EventIdBefore(payload), SourcingWebhook.DeriveEventId(payload));
            }
        }

        Assert.Equal(StoredBefore("finbox:"), InboxKeys.Stored("finbox:"));
        Assert.Equal("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", PrivacyHash.Always(""));
    }

    /// <summary>
    /// The guard: each allocates the string it answers and nothing else (its UTF-8, the hash and the hex on the stack). Before
    /// round 59 each built the id's copy or the fields joined, their UTF-8, the hash's array, the hex and one or two
    /// concatenations: the stored key 736 bytes, the event id 710 a webhook (<c>webhooks 4000</c>).
    /// </summary>
    [Fact]
    public void TheStoredKeyTheHashAndTheEventId_AllocateOnlyTheStringTheyAnswer()
    {
        var payload = Payloads("BENCH-run-12345")[0];
        const string Key = "finbox:BENCH-run-12345:LOAN_DISBURSED";

        var stored = AllocatedPerCall(() => InboxKeys.Stored(Key));
        var hash = AllocatedPerCall(() => PrivacyHash.Always("BENCH-run-12345"));
        var eventId = AllocatedPerCall(() => SourcingWebhook.DeriveEventId(payload));

        Assert.True(stored <= StringBytes(InboxKeys.Stored(Key)), $"InboxKeys.Stored allocated {stored} bytes per call; its answer is {StringBytes(InboxKeys.Stored(Key))}.");
        Assert.True(hash <= StringBytes(PrivacyHash.Always("x")), $"PrivacyHash.Always allocated {hash} bytes per call; its answer is {StringBytes(PrivacyHash.Always("x"))}.");
        Assert.True(eventId <= StringBytes(SourcingWebhook.DeriveEventId(payload)),
            $"DeriveEventId allocated {eventId} bytes per call; its answer is {StringBytes(SourcingWebhook.DeriveEventId(payload))}.");
    }

    // A string's size on the 64-bit heap: header, method table, length, the characters and the terminator, in 8-byte steps.
    private static long StringBytes(string text) => (8 + 8 + 4 + (2 * (text.Length + 1)) + 7) / 8 * 8;

    private static long AllocatedPerCall(Func<string> make)
    {
        const int Calls = 200;
        for (var i = 0; i < Calls; i++)
        {
            make();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Calls; i++)
        {
            make();
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / Calls;
    }

    private static WebhookPayload[] Payloads(string value) =>
    [
        new()
        {
            CustomerID = value, EventType = "LOAN_DISBURSED", EntityType = "loan", LoanApplicationID = "LA-12345", LoggedAt = "2026-01-10T10:00:00Z",
            JourneyType = "PERSONAL_LOAN", Source = "bench", EventDescription = "bench event",
        },
        new() { CustomerID = "C1", EventType = "e", EventDescription = value },
        new() { CustomerID = value, EventType = value, EntityType = value, LoanApplicationID = value, LoggedAt = value, JourneyType = value, Source = value, EventDescription = value },
        new(),
    ];

    // The formulas before round 59, word for word.
    private static string HashBefore(string value) => PrivacyHash.Prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    private static string StoredBefore(string key)
    {
        if (!key.StartsWith(InboxKeys.FinBoxPrefix, StringComparison.Ordinal) || key.AsSpan(InboxKeys.FinBoxPrefix.Length).StartsWith(PrivacyHash.Prefix, StringComparison.Ordinal))
        {
            return key;
        }

        var end = key.IndexOf(':', InboxKeys.FinBoxPrefix.Length);
        var subject = end < 0 ? key[InboxKeys.FinBoxPrefix.Length..] : key[InboxKeys.FinBoxPrefix.Length..end];
        return InboxKeys.FinBoxPrefix + HashBefore(subject) + (end < 0 ? "" : key[end..]);
    }

    private static string EventIdBefore(WebhookPayload payload)
    {
        var key = string.Join('\u001f', payload.CustomerID, payload.EventType, payload.EntityType, payload.LoanApplicationID,
            payload.LoggedAt, payload.JourneyType, payload.Source, payload.EventDescription);
        return "fbx1-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }
}
