namespace LoanJourney.Sandbox;

/// <summary>Options of the lender sandbox, bound from the <c>Sandbox</c> configuration section.</summary>
public sealed class SandboxOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Sandbox";

    /// <summary>How many polls of an async operation answer <c>PROCESSING</c> before its final answer.</summary>
    public int ProcessingPolls { get; set; } = 2;

    /// <summary>How many polls KYC answers <c>ACTION_PENDING</c> in scenario 0002 (after the processing polls).</summary>
    public int KycActionPendingPolls { get; set; } = 3;

    /// <summary>
    /// The SQLite file the sandbox keeps its state in (users, reference ids and poll progress, OTPs, blocks, counters, queued
    /// webhooks), so a restart forgets nothing a real lender would remember; unset keeps state in memory only.
    /// </summary>
    public string? DataPath { get; set; }

    /// <summary>SQLite <c>synchronous</c> of the state file: <c>FULL</c> (default), <c>NORMAL</c> or <c>EXTRA</c>.</summary>
    public string Synchronous { get; set; } = "FULL";

    /// <summary>Where FinBox v1 webhooks are POSTed; no URL (and no <see cref="WebhookPath"/>) means webhooks are not sent.</summary>
    public Uri? WebhookUrl { get; set; }

    /// <summary>
    /// With no <see cref="WebhookUrl"/>: the path, on the address this process actually listens on, where webhooks are POSTed
    /// (the embedded sandbox's <c>/webhooks/finbox</c> follows <c>--urls</c>, <c>ASPNETCORE_URLS</c> and port 0).
    /// </summary>
    public string? WebhookPath { get; set; }

    /// <summary>Sent as <c>X-Webhook-Secret</c> and used to sign the body (<c>X-Webhook-Signature</c>) when set.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Pause between automatic journey steps after a v1 token is issued.</summary>
    public TimeSpan WebhookStepDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>When false, v1 journeys only move through <c>POST /sandbox/finbox/users/{customerID}/advance</c>.</summary>
    public bool WebhookAutoAdvance { get; set; } = true;

    /// <summary>Deliver every webhook twice.</summary>
    public bool WebhookDuplicates { get; set; }

    /// <summary>Deliver webhooks out of order (each pair of consecutive events is swapped).</summary>
    public bool WebhookShuffle { get; set; }

    /// <summary>
    /// Every v1 webhook is lost: the event is recorded in the user's activity history (<c>v1/user/activity</c>) as usual,
    /// but never posted. The case a client that follows only webhooks never finishes.
    /// </summary>
    public bool WebhookDrop { get; set; }

    /// <summary>First retry back-off of an outbound POST; doubles on each retry.</summary>
    public TimeSpan WebhookRetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Retries after the first attempt of an outbound POST (the v1 doc: at most 3 retries, 4 attempts).</summary>
    public int WebhookMaxRetries { get; set; } = 3;

    /// <summary>
    /// Sent as <c>X-Webhook-Secret</c> with an HMAC signature on async handshake results when set, so a server that
    /// verifies its partner callback (<c>Webhook:Partner:Secret</c>) can run against the sandbox.
    /// </summary>
    public string? PartnerCallbackSecret { get; set; }

    /// <summary>
    /// Each sourcing partner's own callback secret (<c>Sandbox:PartnerCallbackSecrets:&lt;partner&gt;</c>), used instead of
    /// <see cref="PartnerCallbackSecret"/> for the handshakes posted to that partner's routes (<c>/partners/&lt;partner&gt;/…</c>):
    /// the sandbox plays every partner, and a server with per-partner inbound secrets (<c>Webhook:Partners:&lt;partner&gt;</c>)
    /// refuses a partner's journey's callback signed with anyone else's. The embedded sandbox fills it from those sections.
    /// </summary>
    public Dictionary<string, string> PartnerCallbackSecrets { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Delay before an async handshake result is POSTed to the partner's callback URL.</summary>
    public TimeSpan PartnerCallbackDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Wrong OTPs accepted for one pay-later block before it needs a resend.</summary>
    public int OtpAttempts { get; set; } = 3;

    /// <summary>Credit limit of every Capital Float app unless its scenario says otherwise.</summary>
    public decimal CreditLimit { get; set; } = 5_000_000m;

    /// <summary>Seed of the sandbox's random source (OTPs, fault rates); unset means a random seed.</summary>
    public int? RandomSeed { get; set; }

    /// <summary>Accepted API keys per lender family.</summary>
    public SandboxApiKeys ApiKeys { get; set; } = new();

    /// <summary>Fault injection applied to lender routes.</summary>
    public FaultOptions Faults { get; set; } = new();
}
