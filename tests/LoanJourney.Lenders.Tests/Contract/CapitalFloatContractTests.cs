using LoanJourney.Lenders.CapitalFloat;
using LoanJourney.Lenders.Common;
using static LoanJourney.Lenders.Common.LenderResultKind;

namespace LoanJourney.Lenders.Tests.Contract;

/// <summary>Every Capital Float client method against the running sandbox: numeric (or string) <c>status</c> under HTTP 200.</summary>
[Collection(SandboxContract.Name)]
public sealed class CapitalFloatContractTests(SandboxContractFixture sandbox)
{
    private ICapitalFloatClient CapitalFloat => sandbox.CapitalFloat;

    [Fact]
    public async Task BlockWithTheDocumentedStringAmountAnswersStatus1AndSendsAnOtp()
    {
        var (app, order) = (TestIds.App(), TestIds.Order());

        var result = await CapitalFloat.BlockAsync(new BlockRequest { AppId = app, OrderId = order, Amount = "3748973.97" });

        AssertStatus(result, Success, "1");
        Assert.Equal(order, result.Body!.OrderId);
        Assert.Equal(6, (await sandbox.OtpAsync(app, order)).Length);
        Assert.Equal(1, await sandbox.CountAsync(app, "block"));
    }

    [Fact]
    public async Task BlockWithoutOrderIdIsMinus100() =>
        AssertStatus(await CapitalFloat.BlockAsync(new BlockRequest { AppId = TestIds.App(), Amount = "100" }), TerminalFailure, "-100");

    [Fact]
    public async Task BlockWithNegativeAmountIsMinus300() =>
        AssertStatus(await CapitalFloat.BlockAsync(new BlockRequest { AppId = TestIds.App(), OrderId = TestIds.Order(), Amount = "-5" }), TerminalFailure, "-300");

    [Fact]
    public async Task BlockOfAnAlreadyBlockedOrderIsMinus13TheDocumentedDuplicate()
    {
        var (app, order) = await BlockedAsync("1000");

        var again = await CapitalFloat.BlockAsync(new BlockRequest { AppId = app, OrderId = order, Amount = "1000" });

        AssertStatus(again, Success, "-13");
        Assert.Equal("duplicate blocked order", again.Message);
        Assert.Equal(1, await sandbox.CountAsync(app, "block"));
        Assert.Equal(1, await sandbox.CountAsync(app, "blockDuplicate"));
    }

    [Fact]
    public async Task Scenario0020BlockIsMinus900TrancheCreationSuspended()
    {
        var result = await CapitalFloat.BlockAsync(new BlockRequest { AppId = TestIds.App("0020"), OrderId = TestIds.Order(), Amount = "1000" });

        AssertStatus(result, Rejected, "-900");
        Assert.StartsWith("Tranche creation has been suspended", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scenario0021BlockOverTheCreditLimitIsMinus3()
    {
        var app = TestIds.App("0021");

        var over = await CapitalFloat.BlockAsync(new BlockRequest { AppId = app, OrderId = TestIds.Order(), Amount = "10001" });
        var within = await CapitalFloat.BlockAsync(new BlockRequest { AppId = app, OrderId = TestIds.Order(), Amount = "10000" });

        AssertStatus(over, Rejected, "-3");
        AssertStatus(within, Success, "1");
    }

    [Fact]
    public async Task Scenario0022AppNotFoundIsMinus400OnBlockAndMinus300OnTheLimit()
    {
        var app = TestIds.App("0022");

        AssertStatus(await CapitalFloat.BlockAsync(new BlockRequest { AppId = app, OrderId = TestIds.Order(), Amount = "10" }), TerminalFailure, "-400");
        AssertStatus(await CapitalFloat.GetAvailableLimitAsync(new AvailableLimitRequest { AppId = app }), TerminalFailure, "-300");
    }

    [Fact]
    public async Task VerifyWithAWrongOtpIsMinus23ThenTheRightOneSucceeds()
    {
        var (app, order) = await BlockedAsync("1000");
        var otp = await sandbox.OtpAsync(app, order);

        var wrong = await CapitalFloat.VerifyBlockOtpAsync(new VerifyBlockOtpRequest { AppId = app, OrderId = order, Otp = otp == "000000" ? "111111" : "000000" });
        var right = await CapitalFloat.VerifyBlockOtpAsync(new VerifyBlockOtpRequest { AppId = app, OrderId = order, Otp = otp });

        AssertStatus(wrong, Rejected, "-23");
        Assert.Equal("otp not verified", wrong.Message);
        AssertStatus(right, Success, "1");
        Assert.Equal("Success", right.Body!.Message);
    }

    [Fact]
    public async Task VerifyWithoutOtpIsMinus100AndForAnUnknownOrderIsMinus12()
    {
        var (app, _) = await BlockedAsync("10");

        AssertStatus(await CapitalFloat.VerifyBlockOtpAsync(new VerifyBlockOtpRequest { AppId = app, OrderId = TestIds.Order() }), TerminalFailure, "-100");
        AssertStatus(await CapitalFloat.VerifyBlockOtpAsync(new VerifyBlockOtpRequest { AppId = app, OrderId = TestIds.Order(), Otp = "123456" }), TerminalFailure, "-12");
    }

    [Fact]
    public async Task ResendOtpAnswersTheStringStatusAndReplacesTheOtp()
    {
        var (app, order) = await BlockedAsync("1000");
        var before = await sandbox.OtpAsync(app, order);

        var result = await CapitalFloat.ResendBlockOtpAsync(new ResendBlockOtpRequest { AppId = app, OrderId = order });
        var after = await sandbox.OtpAsync(app, order);

        AssertStatus(result, Success, "1");
        Assert.Equal(1, result.Body!.Status);
        Assert.Equal("OTP sent successfully", result.Body.Message);
        AssertStatus(await CapitalFloat.VerifyBlockOtpAsync(new VerifyBlockOtpRequest { AppId = app, OrderId = order, Otp = after }), Success, "1");
        Assert.Equal(6, before.Length);
    }

    [Fact]
    public async Task ResendOtpWithoutOrderIdIsMinus100() =>
        AssertStatus(await CapitalFloat.ResendBlockOtpAsync(new ResendBlockOtpRequest { AppId = TestIds.App() }), TerminalFailure, "-100");

    [Fact]
    public async Task TrancheBeforeOtpVerificationIsMinus23()
    {
        var (app, order) = await BlockedAsync("1000");

        AssertStatus(await CapitalFloat.CreateTrancheAsync(Tranche(app, order, "500")), Rejected, "-23");
    }

    [Fact]
    public async Task TrancheWithinTheBlockAnswersATrancheIdAndDrawsIt()
    {
        var (app, order) = await VerifiedAsync("1000");

        var result = await CapitalFloat.CreateTrancheAsync(Tranche(app, order, "600"));
        var balance = await CapitalFloat.GetBlockBalanceAsync(new BlockBalanceRequest { AppId = app, OrderId = order });

        AssertStatus(result, Success, "1");
        Assert.False(string.IsNullOrEmpty(result.Body!.TrancheId));
        AssertStatus(balance, Success, "1");
        Assert.Equal("400", balance.Body!.Balance);
        Assert.Equal(order, balance.Body.OrderId);
        Assert.Equal(1, await sandbox.CountAsync(app, "tranche"));
    }

    [Fact]
    public async Task TrancheOverTheBlockedAmountIsMinus24()
    {
        var (app, order) = await VerifiedAsync("1000");

        var result = await CapitalFloat.CreateTrancheAsync(Tranche(app, order, "1001"));

        AssertStatus(result, TerminalFailure, "-24");
        Assert.Equal("amount not blocked", result.Message);
        Assert.Null(result.Hint);
    }

    [Fact]
    public async Task TrancheWithANonIntegerAmountIsMinus6()
    {
        var (app, order) = await VerifiedAsync("1000");

        AssertStatus(await CapitalFloat.CreateTrancheAsync(Tranche(app, order, "10.5")), TerminalFailure, "-6");
    }

    [Fact]
    public async Task CancelBlockReleasesTheBalanceAndMoreThanTheBalanceIsMinus25()
    {
        var (app, order) = await BlockedAsync("1000");

        var cancel = await CapitalFloat.CancelBlockAsync(new CancelBlockRequest { AppId = app, OrderId = order, Amount = "400" });
        var over = await CapitalFloat.CancelBlockAsync(new CancelBlockRequest { AppId = app, OrderId = order, Amount = "601" });
        var balance = await CapitalFloat.GetBlockBalanceAsync(new BlockBalanceRequest { AppId = app, OrderId = order });

        AssertStatus(cancel, Success, "1");
        AssertStatus(over, TerminalFailure, "-25");
        Assert.Equal("600", balance.Body!.Balance);

        // The code table's advice to the operator rides with the release's -25, and with nothing else.
        Assert.Contains("tranche was drawn against the block", over.Hint, StringComparison.Ordinal);
        Assert.Null(cancel.Hint);
    }

    [Fact]
    public async Task BalanceOfAnUnknownOrderIsMinus12AndWithoutOrderIsMinus100()
    {
        var (app, _) = await BlockedAsync("10");

        AssertStatus(await CapitalFloat.GetBlockBalanceAsync(new BlockBalanceRequest { AppId = app, OrderId = TestIds.Order() }), TerminalFailure, "-12");
        AssertStatus(await CapitalFloat.GetBlockBalanceAsync(new BlockBalanceRequest { AppId = app }), TerminalFailure, "-100");
    }

    [Fact]
    public async Task BorrowerDetailsAnswerTheAgentProfileFromState()
    {
        var (app, order) = await VerifiedAsync("1000");
        AssertStatus(await CapitalFloat.CreateTrancheAsync(Tranche(app, order, "250")), Success, "1");

        var result = await CapitalFloat.GetBorrowerDetailsAsync(new BorrowerDetailsRequest { AppId = app });

        AssertStatus(result, Success, "1");
        var profile = Assert.Single(result.Body!.Sresp!.AgentProfiles!);
        Assert.Equal(250, profile.TotalLimitUtilized);
        Assert.Equal(750, profile.ActiveBlockedAmount);
        Assert.Equal("RBL", result.Body.Sresp.CfBankName);
    }

    [Fact]
    public async Task AvailableLimitIsTheCreditLimitLessBlockedAndUsed()
    {
        var (app, _) = await BlockedAsync("1000");

        var result = await CapitalFloat.GetAvailableLimitAsync(new AvailableLimitRequest { AppId = app });

        AssertStatus(result, Success, "1");
        Assert.Equal("4999000", result.Body!.AvailableLimit);
        Assert.Equal(app, result.Body.AppId);
    }

    [Fact]
    public async Task AvailableLimitWithoutAppIdIsMinus100() =>
        AssertStatus(await CapitalFloat.GetAvailableLimitAsync(new AvailableLimitRequest()), TerminalFailure, "-100");

    private async Task<(string App, string Order)> BlockedAsync(string amount)
    {
        var (app, order) = (TestIds.App(), TestIds.Order());
        AssertStatus(await CapitalFloat.BlockAsync(new BlockRequest { AppId = app, OrderId = order, Amount = amount }), Success, "1");
        return (app, order);
    }

    private async Task<(string App, string Order)> VerifiedAsync(string amount)
    {
        var (app, order) = await BlockedAsync(amount);
        var otp = await sandbox.OtpAsync(app, order);
        AssertStatus(await CapitalFloat.VerifyBlockOtpAsync(new VerifyBlockOtpRequest { AppId = app, OrderId = order, Otp = otp }), Success, "1");
        return (app, order);
    }

    private static CreateTrancheRequest Tranche(string app, string order, string amount) =>
        new() { AppId = app, OrderId = order, SuborderId = "sub-1", Amount = amount };

    private static void AssertStatus<T>(LenderResult<T> result, LenderResultKind kind, string status)
        where T : CapitalFloatResponse
    {
        Assert.True(result.Kind == kind, $"{status}: expected {kind}, got {result.Kind} {result.LenderCode} {result.Message}");
        Assert.Equal(status, result.LenderCode);
        Assert.Equal(200, result.HttpStatus);
        Assert.Equal(int.Parse(status, System.Globalization.CultureInfo.InvariantCulture), result.Body!.Status);
    }
}
