namespace LoanJourney.Lenders.Common;

/// <summary>
/// One lender's connection and resilience settings, bound from <c>Lenders:FinBoxPrism</c>, <c>Lenders:FinBoxSourcing</c>,
/// <c>Lenders:CapitalFloat</c> or <c>Lenders:Partner</c>. Secrets come from environment or user secrets, never committed files.
/// </summary>
public sealed class LenderOptions
{
    /// <summary>The documented <c>base_url</c> / <c>{{url}}</c>; a path prefix is allowed (a mounted sandbox).</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>FinBox server API key, sent as <c>x-api-key</c>.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Capital Float / partner token, sent verbatim as the <c>Authorization</c> header (the documents show no scheme).</summary>
    public string? Authorization { get; set; }

    /// <summary>
    /// Partner APIs only: the Standard Webhooks signing secret (<c>whsec_</c> + base64 of 24 to 64 random bytes) every request to
    /// this partner is signed with (<c>webhook-id</c>, <c>webhook-timestamp</c>, <c>webhook-signature</c>;
    /// <see cref="PartnerToken.PartnerRequestSigner"/>). Unset: sent unsigned, as before session 46. A secret: environment or user
    /// secrets only, never logged.
    /// </summary>
    public string? SigningSecret { get; set; }

    /// <summary>Timeout of one attempt.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Timeout of all attempts together (including back-off).</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Automatic retries of calls marked safe to retry (0 disables).</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>First back-off delay; later delays grow exponentially, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Largest back-off delay.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Failure ratio in the sampling window that opens the circuit.</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Calls needed in the sampling window before the breaker may open.</summary>
    public int BreakerMinimumThroughput { get; set; } = 10;

    /// <summary>The breaker's sampling window.</summary>
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the circuit stays open before a trial call.</summary>
    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Partner only: the token share path. The document's curl shows <c>/apps/token</c>, its endpoint line
    /// <c>POST {{url}}/application/token</c>; the endpoint line is the default (see docs/lenders.md).</summary>
    public string TokenSharePath { get; set; } = "application/token";
}
