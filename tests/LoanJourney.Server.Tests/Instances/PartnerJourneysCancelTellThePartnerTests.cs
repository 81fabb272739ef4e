using System.Net;
using System.Text.Json.Nodes;
using LoanJourney.Server.Tests.Support;
using LoanJourney.TestSupport;

namespace LoanJourney.Server.Tests.Instances;

/// <summary>
/// Session 54: pay-later v5 told its partner of a team cancel, but the SDK journey and the partner handshake, which share
/// with a partner too, did not, and pay-later told nothing of a cancel while its limit check was stopped on an incident.
/// From <c>finbox-sdk-journey</c> v5 and <c>capitalfloat-paylater</c> v6 a first step, <c>partnerAwaits</c>, carries the
/// compensation that shares <c>final_approval: false</c> (reason <c>JourneyCancelled</c>); from <c>partner-handshake</c> v3 the
/// handshake's does, skipped once a child loan journey owns the answer, and a cancelled child that told the partner is not
/// told over by the parent (docs/journeys.md, "A cancel tells the partner"). <c>finbox-personal-loan</c> and
/// <c>finbox-edi-loan</c> v5 (session 54, later) start with the same <c>partnerAwaits</c>, whether a partner sourced them
/// directly or as a handshake's child. Over real HTTP: the API's cancel and erasure, and the sandbox's token-share inbox.
/// </summary>
public sealed class PartnerJourneysCancelTellThePartnerTests : IDisposable
{
    private readonly LenderServerFactory _server = new(settings: new Dictionary<string, string?>
    {
        ["Engine:DefinitionsDirectory"] = Path.Combine(AppContext.BaseDirectory, "Fixtures"),
        ["Engine:PollInterval"] = "00:00:00.100",
    });

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task AnOperatorsCancelOfAnSdkJourneyFollowingTheApp_TellsThePartnerFalseOnce_WithoutTheOperatorsWords()
    {
        var api = _server.CreateApiClient();
        var (journey, partnerRef) = await SdkFollowingAsync(api, withPartner: true);

        var cancel = await api.PostAsync($"/api/instances/{journey}/cancel", Api.Json(new { reason = "borrower asked us to stop, Mr Sharma 9876543210" }));
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        await api.WaitForStatusAsync(journey, "Cancelled");

        var share = Assert.Single(await PayLater.TokenSharesAsync(api, partnerRef!));
        Assert.False(share["final_approval"]!.GetValue<bool>());
        Assert.Null(share["x_partner_token"]);
        Assert.DoesNotContain("Sharma", share.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("9876543210", share.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(["partnerAwaits:Partner.ShareToken"], await api.CompensationsAsync(journey));
        Assert.Equal(HttpStatusCode.Conflict, (await api.PostAsync($"/api/instances/{journey}/cancel", Api.Json(new { reason = "again" }))).StatusCode);
        Assert.Single(await PayLater.TokenSharesAsync(api, partnerRef!));
    }

    [Fact]
    public async Task ABorrowersErasureOfAnSdkJourney_TellsThePartnerFalseOnce()
    {
        var api = _server.CreateApiClient();
        var (journey, partnerRef) = await SdkFollowingAsync(api, withPartner: true);
        var customerId = (await api.GetInstanceAsync(journey))["correlationId"]!.GetValue<string>();

        var erasure = await api.PostAsync($"/api/borrowers/{customerId}/erasure", Api.Json(new { reason = "DPDP request 54", cancelFirst = true }));

        Assert.Equal(HttpStatusCode.OK, erasure.StatusCode);
        Assert.Equal("Cancelled", (await api.GetInstanceAsync(journey))["status"]!.GetValue<string>());
        Assert.False(Assert.Single(await PayLater.TokenSharesAsync(api, partnerRef!))["final_approval"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ATeamSdkJourneyWithoutAPartner_IsCancelledAsBefore_AndSendsNoTokenShare()
    {
        var api = _server.CreateApiClient();
        var (journey, _) = await SdkFollowingAsync(api, withPartner: false);
        var before = (await PayLater.TokenSharesAsync(api, null)).Count;

        await api.CancelAndWaitAsync(journey, "test");

        Assert.Equal(before, (await PayLater.TokenSharesAsync(api, null)).Count);
    }

    [Fact]
    public async Task ACancelWhileThePayLaterLimitCheckIsStoppedOnAnIncident_TellsThePartnerFalseOnce_NoBlockSent()
    {
        // Scenario 0024: profile_available_limit answers -700, an incident at limit before any block. v5 had completed no step
        // with a compensation then, so the operator's cancel of the stuck journey left the partner's customer waiting.
        var api = _server.CreateApiClient();
        var tag = Tag();
        var appId = $"CFAPP-CL{tag}-0024";
        var partnerRef = "PREF-CL-" + tag;
        var journey = await api.StartAsync(PayLater.WorkflowId, new JsonObject
        {
            ["customerId"] = "CUST-CL-" + tag, ["appId"] = appId, ["amount"] = 5000,
            ["partner"] = new JsonObject { ["verifiedCustomerRefId"] = partnerRef },
        });
        var faulted = await api.WaitForStatusAsync(journey, "Faulted");
        Assert.Equal(("limit", 6), (faulted["currentStep"]!.GetValue<string>(), faulted["version"]!.GetValue<int>()));

        await api.CancelAndWaitAsync(journey, "Capital Float cannot process the app");

        Assert.False(Assert.Single(await PayLater.TokenSharesAsync(api, partnerRef))["final_approval"]!.GetValue<bool>());
        Assert.Equal(["partnerAwaits:Partner.ShareToken"], await api.CompensationsAsync(journey));
        Assert.Null((await (await api.GetAsync($"/sandbox/counters/{appId}")).ReadObjectAsync())["blockRequest"]);
    }

    [Fact]
    public async Task ACancelOfAHandshakeWhoseLoanJourneyCouldNotStart_TellsTheVerifiedPartnerFalseOnce()
    {
        // The handshake verified the customer, then the child could not be started (no such workflow): the operator cancels the
        // stuck journey. v2 had no compensation: the partner that verified the customer was never told.
        var api = _server.CreateApiClient();
        var (journey, partnerRef) = await HandshakeAsync(api, loanWorkflowId: "no-such-loan-journey", Tag());
        var faulted = await api.WaitForStatusAsync(journey, "Faulted");
        Assert.Equal(("loan", 3), (faulted["currentStep"]!.GetValue<string>(), faulted["version"]!.GetValue<int>()));

        await api.CancelAndWaitAsync(journey, "wrong loan journey");

        Assert.False(Assert.Single(await PayLater.TokenSharesAsync(api, partnerRef))["final_approval"]!.GetValue<bool>());
        Assert.Equal(["handshake:Partner.ShareToken"], await api.CompensationsAsync(journey));
    }

    [Fact]
    public async Task AHandshakesSdkChildCancelled_TellsThePartnerOnce_TheParentDoesNotTellItAgain()
    {
        // The child (SDK v5) tells the partner by its own compensation; v2's parent then shared its rejection too (twice).
        var api = _server.CreateApiClient();
        var tag = Tag();
        var (parent, partnerRef) = await HandshakeAsync(api, loanWorkflowId: "finbox-sdk-journey", tag);
        var child = await ChildFollowingAsync(api, parent);

        await api.CancelAndWaitAsync(child, "test");
        var ended = await api.WaitForStatusAsync(parent, "Completed");

        // v2 also stopped on an incident at its end, whose outcome (the cancelled child's) is null; v3 ends LoanCancelled.
        Assert.Equal("LoanCancelled", ended["outcome"]!.GetValue<string>());
        Assert.False(Assert.Single(await PayLater.TokenSharesAsync(api, partnerRef))["final_approval"]!.GetValue<bool>());
    }

    [Fact]
    public async Task AHandshakesPersonalLoanChildCancelled_TheChildTellsThePartnerOnce_AndTheParentEndsLoanCancelled()
    {
        // finbox-personal-loan v4 had no cancel compensation: the parent's shareLoanCancelled told. From v5 the child tells by its
        // own partnerAwaits compensation (the partner's reference merged into its input) and the parent does not tell it again.
        var api = _server.CreateApiClient();
        var (parent, child, partnerRef) = await HandshakeWithPersonalLoanChildAtKycAsync(api, Tag());

        await api.CancelAndWaitAsync(child, "test");
        var ended = await api.WaitForStatusAsync(parent, "Completed");

        Assert.Equal("LoanCancelled", ended["outcome"]!.GetValue<string>());
        Assert.False(Assert.Single(await PayLater.TokenSharesAsync(api, partnerRef))["final_approval"]!.GetValue<bool>());
        Assert.Equal(["partnerAwaits:Partner.ShareToken"], await api.CompensationsAsync(child));
        Assert.Equal(5, (await api.GetInstanceAsync(child))["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task ABorrowersErasureOfAHandshakeAndItsPersonalLoanChild_TellsThePartnerFalseOnce()
    {
        // Both carry the borrower's correlation id: the erasure cancels both. The parent's compensation is skipped (it started a
        // child, which owns the answer); a v4 child had none, so nobody told the partner. From v5 the child's partnerAwaits does.
        var api = _server.CreateApiClient();
        var tag = Tag();
        var (parent, child, partnerRef) = await HandshakeWithPersonalLoanChildAtKycAsync(api, tag);
        var customerId = (await api.GetInstanceAsync(parent))["correlationId"]!.GetValue<string>();
        Assert.Equal(customerId, (await api.GetInstanceAsync(child))["correlationId"]!.GetValue<string>());

        var erasure = await api.PostAsync($"/api/borrowers/{customerId}/erasure", Api.Json(new { reason = "DPDP request 54", cancelFirst = true }));

        Assert.Equal(HttpStatusCode.OK, erasure.StatusCode);
        Assert.Equal("Cancelled", (await api.GetInstanceAsync(child))["status"]!.GetValue<string>());
        Assert.Equal("Cancelled", (await api.GetInstanceAsync(parent))["status"]!.GetValue<string>());
        Assert.False(Assert.Single(await PayLater.TokenSharesAsync(api, partnerRef))["final_approval"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("finbox-personal-loan")]
    [InlineData("finbox-edi-loan")]
    public async Task AnOperatorsCancelOfAPartnersPrismLoanAtKyc_TellsThePartnerFalseOnce_WithoutTheOperatorsWords(string workflowId)
    {
        // A partner-sourced Prism journey (the partner's reference in its own input) held at KYC: v4 told nothing of the cancel.
        var api = _server.CreateApiClient();
        var tag = Tag();
        var partnerRef = "PREF-PL-" + tag;
        var journey = await PrismLoanAtKycAsync(api, workflowId, tag, partnerRef);

        var cancel = await api.PostAsync($"/api/instances/{journey}/cancel", Api.Json(new { reason = "borrower asked us to stop, Mr Sharma 9876543210" }));
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        await api.WaitForStatusAsync(journey, "Cancelled");

        var share = Assert.Single(await PayLater.TokenSharesAsync(api, partnerRef));
        Assert.False(share["final_approval"]!.GetValue<bool>());
        Assert.Null(share["x_partner_token"]);
        Assert.DoesNotContain("Sharma", share.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("9876543210", share.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(["partnerAwaits:Partner.ShareToken"], await api.CompensationsAsync(journey));
        Assert.Equal(HttpStatusCode.Conflict, (await api.PostAsync($"/api/instances/{journey}/cancel", Api.Json(new { reason = "again" }))).StatusCode);
        Assert.Single(await PayLater.TokenSharesAsync(api, partnerRef));
    }

    [Fact]
    public async Task ATeamPersonalLoanWithoutAPartner_IsCancelledAsBefore_AndSendsNoTokenShare()
    {
        var api = _server.CreateApiClient();
        var journey = await PrismLoanAtKycAsync(api, "finbox-personal-loan", Tag(), partnerRef: null);
        var before = (await PayLater.TokenSharesAsync(api, null)).Count;

        await api.CancelAndWaitAsync(journey, "test");

        // The compensation ran (v5) and was skipped: no partner reference.
        Assert.Equal(["partnerAwaits:Partner.ShareToken"], await api.CompensationsAsync(journey));
        Assert.Equal(before, (await PayLater.TokenSharesAsync(api, null)).Count);
    }

    [Fact]
    public async Task ABorrowersErasureOfAHandshakeAndItsSdkChild_TellsThePartnerOnce()
    {
        // Both journeys carry the borrower's correlation id: the erasure cancels both. The child owns the answer (its
        // compensation tells); the parent's compensation is skipped because it started a child.
        var api = _server.CreateApiClient();
        var tag = Tag();
        var (parent, partnerRef) = await HandshakeAsync(api, loanWorkflowId: "finbox-sdk-journey", tag);
        var child = await ChildFollowingAsync(api, parent);
        var customerId = (await api.GetInstanceAsync(parent))["correlationId"]!.GetValue<string>();

        var erasure = await api.PostAsync($"/api/borrowers/{customerId}/erasure", Api.Json(new { reason = "DPDP request 54", cancelFirst = true }));

        Assert.Equal(HttpStatusCode.OK, erasure.StatusCode);
        Assert.Equal("Cancelled", (await api.GetInstanceAsync(child))["status"]!.GetValue<string>());
        Assert.Equal("Cancelled", (await api.GetInstanceAsync(parent))["status"]!.GetValue<string>());
        Assert.False(Assert.Single(await PayLater.TokenSharesAsync(api, partnerRef))["final_approval"]!.GetValue<bool>());
    }

    private static string Tag() => Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    // The shipped sample of a Prism loan (mobile ...0002: KYC ACTION_PENDING, held until the cancel: never near the disbursal).
    private static async Task<string> PrismLoanAtKycAsync(HttpClient api, string workflowId, string tag, string? partnerRef)
    {
        var input = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Workflows", "samples", workflowId + ".json")))!.AsObject();
        input["customerId"] = "CUST-PL-" + tag;
        input["mobile"] = "9876540002";
        input.Remove("partner");
        if (partnerRef is not null)
        {
            input["partner"] = new JsonObject { ["verifiedCustomerRefId"] = partnerRef };
        }

        Assert.Equal(HttpStatusCode.OK, (await api.PutAsync($"/sandbox/finbox/users/CUST-PL-{tag}/kyc-hold", Api.Json(new { hold = true }))).StatusCode);
        var journey = await api.StartAsync(workflowId, input);
        var waiting = await api.WaitAtStepAsync(journey, "kyc");
        Assert.Equal(5, waiting["version"]!.GetValue<int>());
        return journey;
    }

    private static async Task<(string Parent, string Child, string PartnerRef)> HandshakeWithPersonalLoanChildAtKycAsync(HttpClient api, string tag)
    {
        var sample = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Workflows", "samples", "partner-handshake.json")))!.AsObject();
        var partnerRef = "PREF-HP-" + tag;
        sample["customerRefId"] = partnerRef;
        sample["loanInput"]!["customerId"] = "CUST-HP-" + tag;
        sample["loanInput"]!["mobile"] = "9876540002"; // KYC ACTION_PENDING, held (below) until the cancel: never near the disbursal
        Assert.Equal(HttpStatusCode.OK, (await api.PutAsync($"/sandbox/finbox/users/CUST-HP-{tag}/kyc-hold", Api.Json(new { hold = true }))).StatusCode);
        var parent = await api.StartAsync("partner-handshake", sample);
        await api.WaitAtStepAsync(parent, "loan");
        var child = await WaitForVariableAsync(api, parent, "childInstanceId");
        await api.WaitAtStepAsync(child, "kyc");
        return (parent, child, partnerRef);
    }

    private static JsonObject SdkInput(string tag, string? partnerRef)
    {
        var input = new JsonObject
        {
            ["customerId"] = "CUST-SC-" + tag,
            ["mobile"] = "9876543210",
            ["partnerData"] = new JsonObject { ["pan"] = "ABCDE1234F", ["name"] = "Ravi Kumar", ["dob"] = "1990-05-14", ["email"] = "ravi@example.com", ["gender"] = "Male" },
            ["source"] = "partner-app",
        };
        if (partnerRef is not null)
        {
            input["partner"] = new JsonObject { ["verifiedCustomerRefId"] = partnerRef };
        }

        return input;
    }

    private static async Task<(string Journey, string? PartnerRef)> SdkFollowingAsync(HttpClient api, bool withPartner)
    {
        var tag = Tag();
        var partnerRef = withPartner ? "PREF-SC-" + tag : null;
        var journey = await api.StartAsync("finbox-sdk-journey", SdkInput(tag, partnerRef));
        var following = await api.WaitAtStepAsync(journey, "follow");
        Assert.Equal(5, following["version"]!.GetValue<int>());
        return (journey, partnerRef);
    }

    private static async Task<(string Parent, string PartnerRef)> HandshakeAsync(HttpClient api, string loanWorkflowId, string tag)
    {
        var partnerRef = "PREF-HS-" + tag;
        var parent = await api.StartAsync("partner-handshake", new JsonObject
        {
            ["customerRefId"] = partnerRef,
            ["customer"] = new JsonObject { ["email"] = "ravi@example.com", ["phone"] = "9876543219", ["customer_name"] = "Ravi Kumar" },
            ["loanWorkflowId"] = loanWorkflowId,
            ["loanInput"] = SdkInput(tag, null),
        });
        return (parent, partnerRef);
    }

    private static async Task<string> ChildFollowingAsync(HttpClient api, string parent)
    {
        var waiting = await api.WaitAtStepAsync(parent, "loan");
        Assert.Equal(3, waiting["version"]!.GetValue<int>());
        var child = await WaitForVariableAsync(api, parent, "childInstanceId");
        await api.WaitAtStepAsync(child, "follow");
        return child;
    }

    private static async Task<string> WaitForVariableAsync(HttpClient api, string id, string name) =>
        (await Poll.UntilAsync(() => api.GetInstanceAsync(id), i => i["variables"]?[name] is JsonValue, TimeSpan.FromSeconds(60), _ => $"Instance {id} has no {name}"))
            ["variables"]![name]!.GetValue<string>();
}
