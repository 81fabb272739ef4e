using System.Net;
using LoanJourney.Lenders.Common;
using Microsoft.Extensions.DependencyInjection;
using LoanJourney.Server.Tests.Support;

namespace LoanJourney.Server.Tests;

public sealed class StartupTests
{
    [Fact]
    public void ServerRefusesToStartOutsideDevelopmentWithoutAKey()
    {
        using var factory = new ServerFactory(null, environment: "Production", withKey: false);

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        var message = error.ToString();
        Assert.Contains("No principal is configured", message, StringComparison.Ordinal);
        Assert.Contains("Server__ApiKeys__0", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DevelopmentFallsBackToTheDocumentedDevKey()
    {
        using var factory = new ServerFactory(null, environment: "Development", withKey: false);
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", "dev-key");

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/workflows")).StatusCode);
    }

    [Theory]
    [InlineData("FinBox", "finbox")]
    [InlineData("Partner", "partner")]
    public void ServerRefusesToStartInProductionWithAnUnverifiedWebhookSource(string section, string source)
    {
        var other = section == "FinBox" ? "Partner" : "FinBox";
        using var factory = new ServerFactory(new Dictionary<string, string?>
        {
            [$"Webhook:{section}:AllowUnverified"] = "false",
            [$"Webhook:{other}:AllowUnverified"] = "false",
            [$"Webhook:{other}:UrlToken"] = "a-long-random-token-0123456789abcdef",
        }, environment: "Production");

        var message = Assert.ThrowsAny<Exception>(() => factory.CreateClient()).ToString();

        Assert.Contains($"Webhook source '{source}' has no verification", message, StringComparison.Ordinal);
        Assert.Contains($"Webhook:{section}:AllowUnverified", message, StringComparison.Ordinal);
    }

    // Walk 45: a node started as docs/scale-out.md says, without Journeys:PublicBaseUrl, handed partners its own listening
    // address (http://127.0.0.1:8080/…) as the handshake callback, which no partner can reach: async handshakes timed out.
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void ServerRefusesToStartOutsideDevelopmentWithoutAPublicBaseUrl(string? unset)
    {
        using var factory = new ServerFactory(new Dictionary<string, string?> { ["Journeys:PublicBaseUrl"] = unset }, environment: "Production");

        var message = Assert.ThrowsAny<Exception>(() => factory.CreateClient()).ToString();

        Assert.Contains("Journeys:PublicBaseUrl is not set (environment 'Production')", message, StringComparison.Ordinal);
        Assert.Contains("the load balancer", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Development", "false")]
    [InlineData("Production", "true")]
    public async Task WithoutAPublicBaseUrl_DevelopmentAndANodeWithItsEmbeddedSandbox_StillStart(string environment, string sandbox)
    {
        using var factory = new ServerFactory(
            new Dictionary<string, string?> { ["Journeys:PublicBaseUrl"] = null, ["Sandbox:Enabled"] = sandbox }, environment: environment);

        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task AnUnverifiedSourceAllowedExplicitlyStartsAndReadinessShowsIt()
    {
        using var factory = new ServerFactory(new Dictionary<string, string?>
        {
            ["Webhook:FinBox:AllowUnverified"] = "true",
            ["Webhook:Partner:AllowUnverified"] = "false",
            ["Webhook:Partner:Secret"] = "partner-secret",
        }, environment: "Production");

        var ready = await (await factory.CreateClient().GetAsync("/health/ready")).ReadObjectAsync();

        Assert.Equal(["finbox"], ready["unverifiedWebhooks"]!.AsArray().Select(s => s!.GetValue<string>()));
    }

    /// <summary>
    /// A wrong setting stops the start, naming the setting: before, the server answered healthy and every journey failed at
    /// its first step (a lender's resilience or base URL, the poll interval) or never ran (MaxConcurrency 0), a Studio
    /// sign-in expired at once (a negative session lifetime), a bulk cap of 0 was raised to 1, and a zero live-update period
    /// stopped the host with PeriodicTimer's own "period" error.
    /// </summary>
    // Npgsql's "Couldn't set port (Parameter 'port')" with 73 stack frames did not say which setting (session 36).
    [Theory]
    [InlineData("Host=127.0.0.1;Port=abc")]
    [InlineData("Hots=127.0.0.1")]
    public void AConnectionStringNpgsqlCannotRead_StopsTheStart_NamingTheSetting(string connectionString)
    {
        using var factory = new ServerFactory(new Dictionary<string, string?> { ["Storage:Provider"] = "Postgres", ["ConnectionStrings:LoanJourney"] = connectionString });

        var message = Assert.ThrowsAny<Exception>(() => factory.CreateClient()).ToString();

        Assert.Contains("ConnectionStrings:LoanJourney is not a connection string Npgsql takes: ", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Engine:MaxConcurrency", "0", "Engine:MaxConcurrency must be at least 1")]
    [InlineData("Engine:LeaseDuration", "00:00:00", "Engine:LeaseDuration must be positive")]
    [InlineData("Engine:MaxPollInterval", "00:00:00.010", "Engine:MaxPollInterval (00:00:00.0100000) must not be less than Engine:MinPollInterval")]
    [InlineData("Engine:RunnerFailureBackoff", "-00:00:01", "Engine:RunnerFailureBackoff must not be negative")]
    [InlineData("Engine:RunnerFailureLimit", "0", "Engine:RunnerFailureLimit must be at least 1")]
    [InlineData("Engine:NodeId", " ", "Engine:NodeId must not be empty")]
    [InlineData("Engine:Synchronous", "SOMETIMES", "Engine:Synchronous must be FULL, NORMAL or EXTRA, not 'SOMETIMES'")]
    [InlineData("Engine:PollInterval", "-00:00:01", "Engine:PollInterval must be positive")]
    [InlineData("Journeys:PublicBaseUrl", "partners.example.com", "Journeys:PublicBaseUrl must be an absolute http or https URL")]
    [InlineData("Lenders:FinBoxPrism:BaseUrl", "ftp://lender.example.com", "Lenders:FinBoxPrism:BaseUrl must be an absolute http or https URL")]
    [InlineData("Lenders:FinBoxPrism:MaxRetryAttempts", "-1", "Lenders:FinBoxPrism:MaxRetryAttempts must not be negative")]
    [InlineData("Lenders:CapitalFloat:Timeout", "00:00:00.001", "Lenders:CapitalFloat:Timeout must be between 00:00:00.0100000 and 1.00:00:00")]
    [InlineData("Lenders:FinBoxSourcing:RetryBaseDelay", "2.00:00:00", "Lenders:FinBoxSourcing:RetryBaseDelay must be between")]
    [InlineData("Lenders:Partner:BreakerBreakDuration", "00:00:00.100", "Lenders:Partner:BreakerBreakDuration must be between 00:00:00.5000000 and 1.00:00:00")]
    [InlineData("Lenders:Partner:BreakerFailureRatio", "1.5", "Lenders:Partner:BreakerFailureRatio must be between 0 and 1")]
    [InlineData("Lenders:Partners:acme:BaseUrl", "api.acme.example", "Lenders:Partners:acme:BaseUrl must be an absolute http or https URL")]
    [InlineData("Lenders:Partners:acme:BreakerFailureRatio", "1.5", "Lenders:Partners:acme:BreakerFailureRatio must be between 0 and 1")]
    [InlineData("Server:Events:PollInterval", "00:00:00", "Server:Events:PollInterval must be positive")]
    [InlineData("Server:Events:SessionRecheck", "00:00:00", "Server:Events:SessionRecheck must be positive")]
    [InlineData("Server:SessionLifetime", "-01:00:00", "Server:SessionLifetime must be positive")]
    [InlineData("Server:Oidc:Authority", "https://idp.example.com/realms/lenders", "Server:Oidc:Audience is required with Server:Oidc:Authority")]
    [InlineData("Server:MaxBodyBytes", "-5", "Server:MaxBodyBytes and Server:MaxStartBodyBytes must be at least 1 byte")]
    [InlineData("Server:Bulk:MaxInstances", "0", "Server:Bulk:MaxInstances and Server:Bulk:BatchSize must be at least 1")]
    [InlineData("Server:AuditExportPageSize", "0", "Server:AuditExportPageSize must be a whole number of at least 1, not '0'")]
    [InlineData("Server:AuditExportPageSize", "lots", "Server:AuditExportPageSize must be a whole number of at least 1, not 'lots'")]
    [InlineData("Retention:ErasureCancelTimeout", "-00:00:01", "Retention:ErasureCancelTimeout must be positive")]
    [InlineData("Retention:ErasureCancelTimeout", "00:00:00", "Retention:ErasureCancelTimeout must be positive")]
    [InlineData("Retention:AuditTrail", "-2922.00:00:00", "Retention:AuditTrail must be a duration d.hh:mm:ss of at least 1827.00:00:00 (five years: the RBI's and the PMLA's record keeping), or empty to keep the trail for ever, not -2922.00:00:00")]
    [InlineData("Retention:AuditTrail", "180.00:00:00", "Retention:AuditTrail must be a duration d.hh:mm:ss of at least 1827.00:00:00")]
    [InlineData("Retention:AuditTrail", "1825.00:00:00", "not 1825.00:00:00")]
    [InlineData("Retention:AuditTrail", "8 years", "Retention:AuditTrail must be a duration d.hh:mm:ss of at least 1827.00:00:00 (five years: the RBI's and the PMLA's record keeping), or empty to keep the trail for ever; '8 years' is not a duration")]
    [InlineData("Webhook:FinBox:RequireSignature", "true", "Webhook:FinBox:RequireSignature needs Webhook:FinBox:Secret")]
    [InlineData("Webhook:Partner:RequireSignature", "true", "Webhook:Partner:RequireSignature needs Webhook:Partner:Secret")]
    public void AWrongSetting_StopsTheStart_NamingIt(string setting, string value, string expected)
    {
        using var factory = new ServerFactory(new Dictionary<string, string?> { [setting] = value });

        var message = Assert.ThrowsAny<Exception>(() => factory.CreateClient()).ToString();

        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheEdgesPollyAccepts_AreAccepted_AndTheLendersPipelineIsBuiltFromThem()
    {
        // The check uses Polly's own rules: the smallest values Polly accepts start the server, and the lender's pipeline
        // is built from them at its first call (a closed port here: the call fails as a connection, not as a setting).
        using var factory = new ServerFactory(new Dictionary<string, string?>
        {
            ["Lenders:FinBoxPrism:BaseUrl"] = "http://127.0.0.1:9/",
            ["Lenders:FinBoxPrism:Timeout"] = "00:00:00.010",
            ["Lenders:FinBoxPrism:TotalTimeout"] = "00:00:00",
            ["Lenders:FinBoxPrism:MaxRetryAttempts"] = "1",
            ["Lenders:FinBoxPrism:RetryBaseDelay"] = "00:00:00",
            ["Lenders:FinBoxPrism:BreakerFailureRatio"] = "1",
            ["Lenders:FinBoxPrism:BreakerSamplingDuration"] = "00:00:00.500",
            ["Lenders:FinBoxPrism:BreakerBreakDuration"] = "00:00:00.500",
            ["Lenders:FinBoxPrism:BreakerMinimumThroughput"] = "0",
        });
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().GetAsync("/health/ready")).StatusCode);

        using var lender = factory.Services.GetRequiredService<IHttpClientFactory>().CreateClient(LenderNames.FinBoxPrism);
        var error = await Assert.ThrowsAnyAsync<Exception>(() => lender.GetAsync("v2/user/offers"));

        Assert.False(error is System.ComponentModel.DataAnnotations.ValidationException, error.ToString());
        Assert.True(error is HttpRequestException or Polly.Timeout.TimeoutRejectedException, error.ToString());
    }
}
