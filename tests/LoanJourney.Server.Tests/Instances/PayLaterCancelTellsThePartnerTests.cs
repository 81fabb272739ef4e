using System.Net;
using System.Text.Json.Nodes;
using LoanJourney.Server.Tests.Support;

namespace LoanJourney.Server.Tests.Instances;

/// <summary>
/// Session 53: a pay-later journey cancelled by the team (an operator's cancel, a borrower's erasure) ran only the block's
/// release, and the partner whose customer waited for a decision was never told. From version 5 the limit check's
/// compensation shares <c>final_approval: false</c> (reason <c>JourneyCancelled</c>), after the block's release, once, with
/// the token share's own once-only intent and the journey's <c>tokenShared</c> guard (docs/journeys.md, "A cancel tells the
/// partner"). Over real HTTP: the API's cancel and erasure, and the sandbox's token-share inbox and counters.
/// </summary>
public sealed class PayLaterCancelTellsThePartnerTests : IDisposable
{
    private readonly LenderServerFactory _server = new(settings: new Dictionary<string, string?>
    {
        ["Engine:DefinitionsDirectory"] = Path.Combine(AppContext.BaseDirectory, "Fixtures"),
        ["Engine:PollInterval"] = "00:00:00.100",
    });

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task AnOperatorsCancelWhileTheBorrowerEntersTheOtp_ReleasesTheBlock_ThenTellsThePartnerFalseOnce()
    {
        var api = _server.CreateApiClient();
        var (journey, appId, partnerRef) = await WaitingForTheOtpAsync(api, withPartner: true);

        var cancel = await api.PostAsync($"/api/instances/{journey}/cancel", Api.Json(new { reason = "borrower asked us to stop, Mr Sharma 9876543210" }));
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        await api.WaitForStatusAsync(journey, "Cancelled");

        var share = Assert.Single(await PayLater.TokenSharesAsync(api, partnerRef!));
        Assert.False(share["final_approval"]!.GetValue<bool>());
        Assert.Null(share["x_partner_token"]);
        // The operator's words reach the partner nowhere (the contract has no reason field; ours is a code, kept in the journal).
        Assert.DoesNotContain("Sharma", share.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("9876543210", share.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("""{"tokenShare":1}""", (await (await api.GetAsync($"/sandbox/counters/{partnerRef}")).ReadObjectAsync()).ToJsonString());

        // The block was released first (latest completed step first), then the partner was told.
        var compensated = await api.CompensationsAsync(journey);
        Assert.Equal(["block:CapitalFloat.CancelBlock", "partnerAwaits:Partner.ShareToken"], compensated);
        Assert.Equal(1, (await (await api.GetAsync($"/sandbox/counters/{appId}")).ReadObjectAsync())["blockCancel"]!.GetValue<int>());

        // A second cancel of the ended journey is refused and sends nothing more.
        Assert.Equal(HttpStatusCode.Conflict, (await api.PostAsync($"/api/instances/{journey}/cancel", Api.Json(new { reason = "again" }))).StatusCode);
        Assert.Single(await PayLater.TokenSharesAsync(api, partnerRef!));
    }

    [Fact]
    public async Task ABorrowersErasure_CancelsThePartnersJourney_AndTellsThePartnerFalseOnce()
    {
        var api = _server.CreateApiClient();
        var (journey, _, partnerRef) = await WaitingForTheOtpAsync(api, withPartner: true);
        var customerId = (await api.GetInstanceAsync(journey))["correlationId"]!.GetValue<string>();

        var erasure = await api.PostAsync($"/api/borrowers/{customerId}/erasure", Api.Json(new { reason = "DPDP request 53", cancelFirst = true }));

        Assert.Equal(HttpStatusCode.OK, erasure.StatusCode);
        Assert.Equal("Cancelled", (await api.GetInstanceAsync(journey))["status"]!.GetValue<string>());
        var share = Assert.Single(await PayLater.TokenSharesAsync(api, partnerRef!));
        Assert.False(share["final_approval"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ATeamJourneyWithoutAPartner_IsCancelledAsBefore_AndSendsNoTokenShare()
    {
        var api = _server.CreateApiClient();
        var (journey, appId, _) = await WaitingForTheOtpAsync(api, withPartner: false);
        var before = (await PayLater.TokenSharesAsync(api, null)).Count;

        await api.CancelAndWaitAsync(journey, "test");

        Assert.Equal(before, (await PayLater.TokenSharesAsync(api, null)).Count);
        Assert.Equal(["block:CapitalFloat.CancelBlock", "partnerAwaits:Partner.ShareToken"], await api.CompensationsAsync(journey));
        Assert.Equal(1, (await (await api.GetAsync($"/sandbox/counters/{appId}")).ReadObjectAsync())["blockCancel"]!.GetValue<int>());
    }

    private static async Task<(string Journey, string AppId, string? PartnerRef)> WaitingForTheOtpAsync(HttpClient api, bool withPartner)
    {
        var tag = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var appId = $"CFAPP-CT{tag}-4321";
        var partnerRef = withPartner ? "PREF-CT-" + tag : null;
        var input = new JsonObject { ["customerId"] = "CUST-CT-" + tag, ["appId"] = appId, ["amount"] = 5000 };
        if (partnerRef is not null)
        {
            input["partner"] = new JsonObject { ["verifiedCustomerRefId"] = partnerRef };
        }

        var (journey, _, waiting) = await PayLater.WaitingForOtpAsync(api, input);
        Assert.Equal(6, waiting["version"]!.GetValue<int>());
        return (journey, appId, partnerRef);
    }
}
