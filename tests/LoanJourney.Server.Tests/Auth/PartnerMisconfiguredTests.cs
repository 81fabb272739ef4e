using System.Text.Json.Nodes;
using LoanJourney.Lenders.Common;
using LoanJourney.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LoanJourney.Server.Tests.Auth;

/// <summary>
/// A partner API that answers 401/403 (it refuses our <c>Authorization</c>) or 404/405 (no such path: our <c>BaseUrl</c> or
/// <c>TokenSharePath</c> is wrong) says our setting is wrong, nothing about the borrower, whatever its body says: the handshake
/// and the token share stop on a <c>PartnerApiMisconfigured</c> incident naming the setting and the status, which the operator
/// retries once the setting is fixed. Until session 47 a <c>{"status":"-1"}</c> inside such an answer ended the journey
/// <c>Completed</c>/<c>Rejected</c> (the handshake) or failed it <c>PartnerRefused</c> (the token share). docs/journeys.md,
/// partner-handshake.
/// </summary>
public sealed class PartnerMisconfiguredTests
{
    // The partner's words carry the borrower's mobile number: the incident shows them scrubbed.
    private const string PartnerError = """{"status":"-1","msg":"invalid token for customer 9876540010"}""";

    [Theory]
    [InlineData("handshake/token", 401, "handshake")]
    [InlineData("handshake/token", 403, "handshake")]
    [InlineData("handshake/token", 404, "handshake")]
    [InlineData("application/token", 401, "share")]
    [InlineData("application/token", 405, "share")]
    public async Task APartner4xxSayingOurSettingIsWrong_IsAnIncidentNamingTheSetting_NeverRejected_AndRetriesOnceFixed(string failingPath, int status, string failingStep)
    {
        await using var partner = await PartnerApiReceiver.StartAsync();
        partner.Answer = path => path.EndsWith(failingPath, StringComparison.Ordinal) ? (status, PartnerError) : null;
        var settings = PartnerOutbound.Settings();
        settings["Lenders:Partner:BaseUrl"] = partner.BaseUrl.AbsoluteUri;
        settings["Lenders:Partner:Authorization"] = "team-outbound-key";
        settings["Lenders:Partner:RetryBaseDelay"] = "00:00:00";
        using var server = new ServerFactory(settings);
        var team = server.CreateClient(TestPrincipals.KeyOf("Operator"));

        var id = await team.StartAsync("test-partner-outbound", PartnerOutbound.Input("TOK-TEAM"));
        var journey = await PartnerIncident.WaitAsync(team, id);

        Assert.Equal(failingStep, journey["currentStep"]!.GetValue<string>());
        var incident = journey["incident"]!;
        Assert.Equal("PartnerApiMisconfigured", incident["errorKind"]!.GetValue<string>());
        var message = incident["message"]!.GetValue<string>();
        Assert.Contains($"HTTP {status} from Lenders:Partner to the", message, StringComparison.Ordinal);
        Assert.Contains(status is 401 or 403 ? "Lenders:Partner:Authorization" : "Lenders:Partner:BaseUrl", message, StringComparison.Ordinal);
        Assert.DoesNotContain("team-outbound-key", message, StringComparison.Ordinal); // the key is never shown
        Assert.DoesNotContain("9876540010", message, StringComparison.Ordinal); // the partner's words are scrubbed
        Assert.Equal(status, incident["details"]!["httpStatus"]!.GetValue<int>());
        Assert.Equal("Lenders:Partner", incident["details"]!["setting"]!.GetValue<string>());
        Assert.Single(partner.Received, r => r.Path.EndsWith(failingPath, StringComparison.Ordinal)); // no retry on a guess: the same key gets the same answer

        // The operator fixes the setting (here: the partner accepts us again) and retries: the journey goes on to its business outcome.
        partner.Answer = null;
        var retried = await team.PostAsync($"/api/instances/{id}/incident/retry", null);
        Assert.True(retried.IsSuccessStatusCode, await retried.Content.ReadAsStringAsync());
        Assert.Equal("Disbursed", (await team.WaitForStatusAsync(id, "Completed"))["outcome"]!.GetValue<string>());
    }

    // A genuine refusal is kept as it was: the partner's negative status inside a 200, 400 or 422 is its word about the borrower.
    [Theory]
    [InlineData(200)]
    [InlineData(400)]
    [InlineData(422)]
    public async Task APartnersNegativeStatusInA200_400Or422_IsStillTheBorrowersRejection(int status)
    {
        await using var partner = await PartnerApiReceiver.StartAsync();
        partner.Answer = path => path.EndsWith("handshake/token", StringComparison.Ordinal) ? (status, """{"status":"-1","msg":"customer not found"}""") : null;
        var settings = PartnerOutbound.Settings();
        settings["Lenders:Partner:BaseUrl"] = partner.BaseUrl.AbsoluteUri;
        settings["Lenders:Partner:Authorization"] = "team-outbound-key";
        using var server = new ServerFactory(settings);
        var team = server.CreateClient(TestPrincipals.KeyOf("Operator"));

        var id = await team.StartAsync("test-partner-outbound", PartnerOutbound.Input("TOK-TEAM"));

        Assert.Equal("Rejected", (await team.WaitForStatusAsync(id, "Completed"))["outcome"]!.GetValue<string>());
    }

    // The whole operator's path with a partner's own API: acme's key in a watched file is wrong (acme answers 401 with its error
    // status), the journey stops on the incident naming Lenders:Partners:acme:Authorization; the key is corrected in the file (no
    // restart) and the incident retried: the handshake goes with the new key and the journey ends Disbursed.
    [Fact]
    public async Task AWrongPartnerKey_IsAnIncident_AndAfterTheKeyIsFixedInAWatchedFile_TheRetriedJourneyGoesOn()
    {
        await using var acmeApi = await PartnerApiReceiver.StartAsync();
        acmeApi.Answer = _ => acmeApi.Received.Last().Authorization == "acme-right-key" ? null : (401, PartnerError);
        using var file = new WatchedSettingsFile(Acme(acmeApi.BaseUrl, "acme-wrong-key"));
        var settings = PartnerOutbound.Settings();
        settings["Lenders:Partners:acme:TokenSharePath"] = "application/token"; // the section exists at start, as a deployment's would
        using var server = new ServerFactory(settings) { ConfigureConfiguration = file.AddTo };
        server.UseKestrelOnLoopback();
        server.StartServer();
        var acme = server.CreateClient(TestPrincipals.Scoped[0].Key);
        var team = server.CreateClient(TestPrincipals.KeyOf("Operator"));

        var id = await acme.StartAsync("test-partner-outbound", PartnerOutbound.Input("TOK-ACME"));
        var journey = await PartnerIncident.WaitAsync(team, id);

        Assert.Equal("handshake", journey["currentStep"]!.GetValue<string>());
        Assert.Equal("PartnerApiMisconfigured", journey["incident"]!["errorKind"]!.GetValue<string>());
        var message = journey["incident"]!["message"]!.GetValue<string>();
        Assert.Contains("HTTP 401 from Lenders:Partners:acme to the handshake", message, StringComparison.Ordinal);
        Assert.Contains("check Lenders:Partners:acme:Authorization", message, StringComparison.Ordinal);
        Assert.DoesNotContain("acme-wrong-key", message, StringComparison.Ordinal);

        file.Write(Acme(acmeApi.BaseUrl, "acme-right-key"));
        var monitor = server.Services.GetRequiredService<IOptionsMonitor<LenderOptions>>();
        await WatchedSettingsFile.UntilReadAsync(() => monitor.Get("Partners:acme").Authorization == "acme-right-key");

        var retried = await team.PostAsync($"/api/instances/{id}/incident/retry", null);
        Assert.True(retried.IsSuccessStatusCode, await retried.Content.ReadAsStringAsync());
        Assert.Equal("Disbursed", (await team.WaitForStatusAsync(id, "Completed"))["outcome"]!.GetValue<string>());
        Assert.Equal(["acme-wrong-key", "acme-right-key", "acme-right-key"], acmeApi.Received.Select(r => r.Authorization));
    }

    private static JsonObject Acme(Uri baseUrl, string key) =>
        new() { ["Lenders"] = new JsonObject { ["Partners"] = new JsonObject { ["acme"] = new JsonObject { ["BaseUrl"] = baseUrl.AbsoluteUri, ["Authorization"] = key } } } };
}
