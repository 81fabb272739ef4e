using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using LoanJourney.Server.Tests.Support;

namespace LoanJourney.Server.Tests.Auth;

/// <summary>
/// A partner API that cannot be asked is an incident an operator sees and retries, never the journey's business outcome
/// (session 47, h47-partnerfail; docs/lenders.md, "Resilience"). <c>Rejected</c> says the partner declined the borrower: a name that
/// does not resolve, a refused port or a gateway's 5xx in front of the partner says nothing about the borrower.
/// </summary>
public sealed class PartnerUnreachableTests
{
    // The walk's server (SandboxPartnerCallbackTests'): the team's Lenders:Partner at a host that does not exist; zeta's API on a local
    // port nobody listens on. Each journey stops on its handshake with a LenderUnavailable incident naming its own API and what failed
    // (main said "NOT_CONNECTED: the lender did not succeed" for both: neither the API nor the failure).
    [Fact]
    public async Task AnUnresolvableTeamApi_AndARefusingPartnerApi_EachStopOnAnIncidentNamingItsApiAndTheFailure()
    {
        using var closed = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        closed.Bind(new IPEndPoint(IPAddress.Loopback, 0)); // bound, never listening: a connect is refused; held so no one else takes it
        var closedPort = ((IPEndPoint)closed.LocalEndPoint!).Port;
        var settings = PartnerOutbound.Settings();
        settings["Lenders:Partners:zeta:BaseUrl"] = $"http://127.0.0.1:{closedPort}/";
        settings["Lenders:Partners:zeta:Authorization"] = "zeta-outbound";
        settings["Lenders:Partner:RetryBaseDelay"] = "00:00:00";
        settings["Lenders:Partners:zeta:RetryBaseDelay"] = "00:00:00";
        using var server = new SandboxKestrelServer(null, settings);
        var team = server.CreateClient(TestPrincipals.KeyOf("Operator"));
        var zeta = server.CreateClient(TestPrincipals.Scoped[1].Key);

        var teamJourney = await PartnerIncident.WaitAsync(team, await team.StartAsync("test-partner-outbound", PartnerOutbound.Input("TOK-TEAM")));
        var zetaJourney = await PartnerIncident.WaitAsync(zeta, await zeta.StartAsync("test-partner-outbound", PartnerOutbound.Input("TOK-ZETA")));

        var teamIncident = teamJourney["incident"]!;
        Assert.Equal("LenderUnavailable", teamIncident["errorKind"]!.GetValue<string>());
        var teamMessage = teamIncident["message"]!.GetValue<string>();
        Assert.Contains("no connection to Lenders:Partner: its host name did not resolve", teamMessage, StringComparison.Ordinal);
        Assert.Contains("real-lender.invalid", teamMessage, StringComparison.Ordinal);
        Assert.False((bool)teamIncident["details"]!["outcomeUnknown"]!);

        var zetaMessage = zetaJourney["incident"]!["message"]!.GetValue<string>();
        Assert.Equal("LenderUnavailable", zetaJourney["incident"]!["errorKind"]!.GetValue<string>());
        Assert.Contains("no connection to Lenders:Partners:zeta: the connection was refused", zetaMessage, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{closedPort}", zetaMessage, StringComparison.Ordinal);

        // The operator sees it where incidents are listed and can retry it (the same answer again: still an incident, not an outcome).
        var retried = await team.PostAsync($"/api/instances/{teamJourney["id"]!.GetValue<string>()}/incident/retry", null);
        Assert.True(retried.IsSuccessStatusCode, await retried.Content.ReadAsStringAsync());
    }

    // A gateway in front of a partner API that is down answers 503 with the partner's error shape: on main the handshake read the
    // negative status before the classifier's "transient" and ended the journey Completed/Rejected at once; the token share called it
    // PartnerRefused (never retried). Now both are a retryable LenderUnavailable failure: the handshake (safe to repeat) retried by the
    // pipeline, the token share (not repeated by the pipeline) left to the step's retry policy (this workflow's steps have none), then
    // the incident.
    [Theory]
    [InlineData("handshake/token", "handshake", true)]
    [InlineData("application/token", "share", false)]
    public async Task APartnerErrorInsideA5xx_IsRetriedThenAnIncident_NeverRejected(string failingPath, string failingStep, bool pipelineRetries)
    {
        await using var partner = await PartnerApiReceiver.StartAsync();
        partner.Answer = path => path.EndsWith(failingPath, StringComparison.Ordinal)
            ? (503, """{"status":"-1","msg":"upstream connect error or disconnect/reset before headers"}""")
            : null;
        var settings = PartnerOutbound.Settings();
        settings["Lenders:Partner:BaseUrl"] = partner.BaseUrl.AbsoluteUri;
        settings["Lenders:Partner:Authorization"] = "team-outbound";
        settings["Lenders:Partner:RetryBaseDelay"] = "00:00:00";
        using var server = new ServerFactory(settings);
        var team = server.CreateClient(TestPrincipals.KeyOf("Operator"));

        var journey = await PartnerIncident.WaitAsync(team, await team.StartAsync("test-partner-outbound", PartnerOutbound.Input("TOK-TEAM")));

        Assert.Equal(failingStep, journey["currentStep"]!.GetValue<string>());
        Assert.Equal("LenderUnavailable", journey["incident"]!["errorKind"]!.GetValue<string>());
        Assert.Equal(503, journey["incident"]!["details"]!["httpStatus"]!.GetValue<int>());
        var sent = partner.Received.Count(r => r.Path.EndsWith(failingPath, StringComparison.Ordinal));
        Assert.True(pipelineRetries ? sent > 1 : sent == 1, $"{failingPath} sent {sent} time(s)");
    }
}
