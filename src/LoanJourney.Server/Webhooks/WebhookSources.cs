namespace LoanJourney.Server.Webhooks;

/// <summary>Both webhook sources' settings, for the start-up check, the start-up log and <c>/health/ready</c>.</summary>
internal sealed record WebhookSources(WebhookOptions FinBox, WebhookOptions Partner)
{
    public IEnumerable<(string Name, string Section, WebhookOptions Options)> All =>
        [(WebhooksApi.Sources.FinBox, "FinBox", FinBox), (WebhooksApi.Sources.Partner, "Partner", Partner)];

    /// <summary>Sources that nothing verifies (allowed explicitly, or Development).</summary>
    public IReadOnlyList<string> Unverified => [.. All.Where(s => !s.Options.Verifies).Select(s => s.Name)];
}
