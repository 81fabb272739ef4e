using System.Text.Json;
using LoanJourney.Lenders.Common;
using LoanJourney.Lenders.PartnerToken;
using static LoanJourney.Lenders.Common.LenderResultKind;

namespace LoanJourney.Lenders.Tests.Contract;

/// <summary>The partner client against the sandbox's partner side: token share and handshake (sync, async with callback, errors).</summary>
[Collection(SandboxContract.Name)]
public sealed class PartnerContractTests(SandboxContractFixture sandbox)
{
    private IPartnerTokenClient Partner => sandbox.Partner;

    [Fact]
    public async Task TokenShareForADisbursedCaseIsAcceptedAndRecordedOnce()
    {
        var reference = TestIds.Customer();

        var result = await Partner.ShareTokenAsync(Share(reference, finalApproval: true));

        AssertStatus(result, Success, "1");
        Assert.Equal(1, await sandbox.CountAsync(reference, "tokenShare"));
        var shares = await sandbox.ControlAsync("sandbox/partner/token-shares");
        Assert.Contains(shares.EnumerateArray(), s => s.ToString().Contains(reference, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TokenShareForARejectedCaseNeedsNoToken()
    {
        var result = await Partner.ShareTokenAsync(Share(TestIds.Customer(), finalApproval: false) with { XPartnerToken = null });

        AssertStatus(result, Success, "1");
    }

    [Fact]
    public async Task TokenShareWithoutTheVerifiedReferenceIsAnError()
    {
        var result = await Partner.ShareTokenAsync(Share(null, finalApproval: true));

        AssertStatus(result, TerminalFailure, "-1");
        Assert.False(string.IsNullOrEmpty(result.Message));
    }

    [Fact]
    public async Task TokenShareApprovedWithoutTheTokenIsAnError() =>
        AssertStatus(await Partner.ShareTokenAsync(Share(TestIds.Customer(), finalApproval: true) with { XPartnerToken = null }), TerminalFailure, "-1");

    [Fact]
    public async Task HandshakeAnswersInSyncWithTheVerifiedReferenceAndCustomerData()
    {
        var request = Handshake(TestIds.HappyPath);

        var result = await Partner.HandshakeAsync(request);

        AssertStatus(result, Success, "1");
        Assert.Equal(request.CapturedCustomerRefId, result.Body!.VerifiedCustomerRefId);
        Assert.Equal(request.HandshakeId, result.Body.HandshakeId);
        Assert.Equal(request.CustomerAttrs!.Phone, result.Body.CustomerData!.Phone);
    }

    [Fact]
    public async Task Scenario0011HandshakeIsAnErrorInSync()
    {
        var result = await Partner.HandshakeAsync(Handshake("0011"));

        AssertStatus(result, TerminalFailure, "-2");
        Assert.Equal("customer not found", result.Message);
    }

    [Fact]
    public async Task Scenario0010HandshakeIsAsyncAndTheVerifiedResultIsPostedToTheCallback()
    {
        var request = Handshake("0010");

        var result = await Partner.HandshakeAsync(request);
        var callback = await PostedResultAsync(request);

        AssertStatus(result, Processing, "2");
        Assert.Equal(PartnerStatuses.Sync, callback.Status);
        Assert.Equal(request.CapturedCustomerRefId, callback.VerifiedCustomerRefId);
        Assert.Equal(request.CustomerAttrs!.CustomerName, callback.CustomerData!.CustomerName);
    }

    [Fact]
    public async Task Scenario0012HandshakeIsAsyncAndAnErrorIsPostedToTheCallback()
    {
        var request = Handshake("0012");

        var result = await Partner.HandshakeAsync(request);
        var callback = await PostedResultAsync(request);

        AssertStatus(result, Processing, "2");
        Assert.True(PartnerStatuses.IsError(callback.Status));
        Assert.Equal("customer not found", callback.Msg);
    }

    [Fact]
    public async Task AsyncHandshakeWithoutACallbackUrlIsAnError() =>
        AssertStatus(await Partner.HandshakeAsync(Handshake("0010") with { AsyncResultCallbackUrl = null }), TerminalFailure, "-1");

    [Fact]
    public async Task HandshakeWithoutCustomerAttributesIsAnError() =>
        AssertStatus(await Partner.HandshakeAsync(Handshake(TestIds.HappyPath) with { CustomerAttrs = null }), TerminalFailure, "-1");

    /// <summary>The async result the sandbox POSTed to our callback for this handshake, read with the client's own type.</summary>
    private async Task<HandshakeResponse> PostedResultAsync(HandshakeRequest request)
    {
        var posted = await sandbox.Inbox.WaitForAsync(p => p.Path == PostInbox.HandshakeResultPath && p.Body.Contains(request.HandshakeId!, StringComparison.Ordinal));
        return JsonSerializer.Deserialize<HandshakeResponse>(posted.Body, LenderJson.Options)!;
    }

    private static TokenShareRequest Share(string? reference, bool finalApproval) => new()
    {
        XPartnerToken = "3c62880548592b9366a186df2253e993da9cc",
        AmountSanctioned = "100000",
        FinalApproval = finalApproval,
        LoanDurationType = "days",
        InterestFrequency = "yearly",
        InterestType = "reducing",
        Interest = "18",
        Duration = "360",
        VerifiedCustomerRefId = reference,
    };

    private HandshakeRequest Handshake(string scenario) => new()
    {
        HandshakeId = Guid.NewGuid().ToString(),
        CapturedCustomerRefId = "REF" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant(),
        CustomerAttrs = new CustomerAttributes
        {
            Email = "borrower@example.com",
            Phone = TestIds.Mobile(scenario),
            CustomerName = "test name",
            BusinessName = "test biz",
            ResiAddress = "test resi add",
            ResiPincode = "560001",
            ResiCity = "bangalore",
            BizAddress = "test biz add",
            BizPincode = "560001",
            BizCity = "bangalore",
        },
        AsyncResultCallbackUrl = sandbox.Inbox.HandshakeResultUrl.AbsoluteUri,
    };

    private static void AssertStatus<T>(LenderResult<T> result, LenderResultKind kind, string status)
    {
        Assert.True(result.Kind == kind, $"{status}: expected {kind}, got {result.Kind} {result.LenderCode} {result.Message}");
        Assert.Equal(status, result.LenderCode);
        Assert.Equal(200, result.HttpStatus);
        Assert.NotNull(result.Body);
    }
}
