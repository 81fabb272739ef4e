using LoanJourney.Lenders.CapitalFloat;
using LoanJourney.Lenders.Common;
using LoanJourney.Lenders.FinBoxPrism;
using LoanJourney.Lenders.FinBoxSourcing;
using LoanJourney.Lenders.PartnerToken;
using LoanJourney.Lenders.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LoanJourney.Lenders.Tests.Common;

/// <summary>The registered pipelines over real HTTP: what must be retried is, what must not be is not, the breaker opens and closes.</summary>
public sealed class ResilienceTests : IAsyncLifetime
{
    private const string BreProcessing = """{"data":{"referenceID":"r1","status":"PROCESSING"},"error":"","statusCode":"GEO-S-001"}""";
    private const string TooManyRequests = """{"data":{},"error":"too many requests","statusCode":"FBX-E-004"}""";
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 10, 0, 0, TimeSpan.Zero);
    private ScriptedLenderServer _server = null!;

    public async Task InitializeAsync() => _server = await ScriptedLenderServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(429)]
    public async Task SafeCallIsRetriedAfterServerErrorOrRateLimit(int status)
    {
        _server.Enqueue(status, "{}").Enqueue(200, BreProcessing);
        await using var services = LenderTestServices.Create(_server.BaseUrl);
        using var capture = LenderCallCapture.Begin();

        var result = await services.GetRequiredService<IFinBoxPrismClient>().GetBreAsync("r1");

        Assert.Equal(LenderResultKind.Processing, result.Kind);
        Assert.Equal(2, _server.Received.Count);
        Assert.Equal([1, 2], capture.Calls.Select(c => c.Attempt));
        Assert.Equal([status, 200], capture.Calls.Select(c => c.HttpStatus ?? 0));
    }

    [Fact]
    public async Task SafeCallIsRetriedWhenFinBoxAnswersFbxE004WithHttp200()
    {
        _server.Enqueue(200, TooManyRequests).Enqueue(200, BreProcessing);
        await using var services = LenderTestServices.Create(_server.BaseUrl);
        using var capture = LenderCallCapture.Begin();

        var result = await services.GetRequiredService<IFinBoxPrismClient>().GetBreAsync("r1");

        Assert.Equal(LenderResultKind.Processing, result.Kind);
        Assert.Equal(2, _server.Received.Count);
        Assert.Equal("FBX-E-004", capture.Calls[0].LenderCode);
    }

    [Fact]
    public async Task SafeCallIsRetriedAfterAnAttemptTimeout()
    {
        // Virtual time: a 30-second attempt timeout passes in one Advance, and the retry follows at once (no back-off configured).
        var clock = new FakeTimeProvider(Start);
        _server.EnqueueHang(out var reached).Enqueue(200, BreProcessing);
        await using var services = LenderTestServices.Create(_server.BaseUrl, time: clock, overrides: new Dictionary<string, string?>
        {
            ["Lenders:FinBoxPrism:Timeout"] = "00:00:30",
            ["Lenders:FinBoxPrism:TotalTimeout"] = "00:05:00",
            ["Lenders:FinBoxPrism:RetryBaseDelay"] = "00:00:00",
        });
        using var capture = LenderCallCapture.Begin();

        var call = services.GetRequiredService<IFinBoxPrismClient>().GetBreAsync("r1");
        await reached;
        Assert.False(call.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(30));
        var result = await call;

        Assert.Equal(LenderResultKind.Processing, result.Kind);
        Assert.Equal(2, capture.Calls.Count);
        Assert.Null(capture.Calls[0].HttpStatus);
        Assert.NotNull(capture.Calls[0].Error);
        Assert.Equal(TimeSpan.FromSeconds(30), capture.Calls[0].Latency);
    }

    [Fact]
    public async Task SafeCallGivesUpAfterTheConfiguredRetries()
    {
        _server.Fallback = ctx => ScriptedLenderServer.Json(ctx, 503, "{}");
        await using var services = LenderTestServices.Create(_server.BaseUrl);

        var result = await services.GetRequiredService<IFinBoxPrismClient>().GetKycAsync("r1");

        Assert.Equal(LenderResultKind.RetryableFailure, result.Kind);
        Assert.Equal(503, result.HttpStatus);
        Assert.Equal(3, _server.Received.Count); // first attempt + MaxRetryAttempts (2)
    }

    [Fact]
    public async Task PostThatLenderDocumentsADuplicateAnswerForIsRetried()
    {
        _server.Enqueue(502, "{}").Enqueue(200, """{"data":{"message":"user created!"},"error":"","statusCode":"CUR-S-000"}""");
        await using var services = LenderTestServices.Create(_server.BaseUrl);

        var result = await services.GetRequiredService<IFinBoxPrismClient>().CreateUserAsync(new() { CustomerID = "c1", Mobile = "9999999999" });

        Assert.Equal(LenderResultKind.Success, result.Kind);
        Assert.Equal(2, _server.Received.Count);
    }

    private static readonly string[] MoneyMovers =
    [
        "FinBoxPrism.TriggerDisbursal", "FinBoxPrism.TriggerAgreementSigning", "FinBoxPrism.AcceptOffer", "FinBoxPrism.TriggerKyc",
        "CapitalFloat.Block", "CapitalFloat.CreateTranche", "CapitalFloat.CancelBlock", "CapitalFloat.VerifyBlockOtp",
        "FinBoxSourcing.Repay", "FinBoxSourcing.ConfirmTransaction", "FinBoxSourcing.SplitTransaction", "FinBoxSourcing.MergeTransactions",
        "Partner.ShareToken",
    ];

    public static TheoryData<string> MoneyMovingOrCreatingCalls { get; } = new(MoneyMovers);

    [Theory]
    [MemberData(nameof(MoneyMovingOrCreatingCalls))]
    public async Task MoneyMovingOrCreatingCallIsNotRetriedAfterServerError(string operation)
    {
        _server.Fallback = ctx => ScriptedLenderServer.Json(ctx, 503, "{}");
        await using var services = LenderTestServices.Create(_server.BaseUrl);

        var result = await Call(services, operation);

        Assert.Equal(LenderResultKind.RetryableFailure, result.Kind);
        Assert.Equal(503, result.HttpStatus);
        Assert.Single(_server.Received);
    }

    [Fact]
    public async Task DisbursalTriggerIsNotRetriedAfterFbxE004()
    {
        _server.Fallback = ctx => ScriptedLenderServer.Json(ctx, 200, TooManyRequests);
        await using var services = LenderTestServices.Create(_server.BaseUrl);

        var result = await services.GetRequiredService<IFinBoxPrismClient>().TriggerDisbursalAsync(new() { CustomerID = "c1", Program = "EDI" });

        Assert.Equal(LenderResultKind.RetryableFailure, result.Kind);
        Assert.Equal("FBX-E-004", result.LenderCode);
        Assert.Single(_server.Received);
    }

    [Fact]
    public async Task TrancheTimeoutIsNotRetriedAndReportsAnUnknownOutcome()
    {
        var clock = new FakeTimeProvider(Start);
        _server.EnqueueHang(out var reached);
        await using var services = LenderTestServices.Create(_server.BaseUrl, time: clock, overrides: new Dictionary<string, string?>
        {
            ["Lenders:CapitalFloat:Timeout"] = "00:00:30",
            ["Lenders:CapitalFloat:TotalTimeout"] = "00:05:00",
            ["Lenders:CapitalFloat:RetryBaseDelay"] = "00:00:00",
        });

        var call = services.GetRequiredService<ICapitalFloatClient>().CreateTrancheAsync(
            new() { AppId = "a1", Amount = "1000", OrderId = "o1", SuborderId = "s1" });
        await reached;
        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.False(call.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));
        var result = await call;

        Assert.Equal(LenderResultKind.RetryableFailure, result.Kind);
        Assert.Equal("TIMEOUT", result.LenderCode);
        Assert.True(result.OutcomeUnknown);
        Assert.Single(_server.Received);
    }

    // A lender that refuses the connection got nothing: a money call's outcome is known (not sent), unlike a lost answer above
    // (it was NETWORK, outcome unknown, and an incident for the operator, session 36). A connection that drops after the
    // request went out stays unknown: FaultContractTests.BlockWhoseConnectionDropsIsNotResentAndItsOutcomeIsUnknown.
    [Fact]
    public async Task ATrancheThatCannotConnect_WasNotSent_AndItsOutcomeIsKnown()
    {
        using var closed = new ClosedPort();
        await using var services = LenderTestServices.Create(closed.Url);
        using var capture = LenderCallCapture.Begin();

        var result = await services.GetRequiredService<ICapitalFloatClient>().CreateTrancheAsync(
            new() { AppId = "a1", Amount = "1000", OrderId = "o1", SuborderId = "s1" });

        Assert.Equal((LenderResultKind.RetryableFailure, "NOT_CONNECTED", false), (result.Kind, result.LenderCode, result.OutcomeUnknown));
        Assert.Null(result.HttpStatus);
        Assert.Single(capture.Calls); // a money call is not retried by the pipeline, connected or not
    }

    [Fact]
    public async Task ASafeCallThatCannotConnect_IsRetried_ThenNotConnected()
    {
        using var closed = new ClosedPort();
        await using var services = LenderTestServices.Create(closed.Url, overrides: new Dictionary<string, string?>
        {
            ["Lenders:FinBoxPrism:RetryBaseDelay"] = "00:00:00",
        });
        using var capture = LenderCallCapture.Begin();

        var result = await services.GetRequiredService<IFinBoxPrismClient>().GetBreAsync("r1");

        Assert.Equal(("NOT_CONNECTED", false), (result.LenderCode, result.OutcomeUnknown));
        Assert.True(capture.Calls.Count > 1, $"{capture.Calls.Count} attempt(s)");
    }

    // Session 47: a call that could not connect said only "NOT_CONNECTED" (the incident: "NOT_CONNECTED: the lender did not succeed"),
    // naming neither the API (the team's partner API or which partner's) nor what failed. Each of the four clients' first call (a
    // user's creation; the partner's handshake) against a refused port and against a name that does not resolve: not sent, outcome
    // known, and the message names the setting and the failure. Fails on the old code (Message null).
    [Theory]
    [InlineData("FinBoxPrism", false)]
    [InlineData("FinBoxSourcing", false)]
    [InlineData("CapitalFloat", false)]
    [InlineData("Partner", false)]
    [InlineData("FinBoxPrism", true)]
    [InlineData("Partner", true)]
    public async Task AFirstCallThatCannotConnect_IsNotConnected_NamingTheApiAndTheFailure(string lender, bool unresolvable)
    {
        using var closed = new ClosedPort();
        await using var services = LenderTestServices.Create(unresolvable ? new Uri("http://lender-that-does-not-exist.invalid/") : closed.Url,
            overrides: new Dictionary<string, string?> { [$"Lenders:{lender}:RetryBaseDelay"] = "00:00:00" });

        var result = lender switch
        {
            "FinBoxPrism" => Strip(await services.GetRequiredService<IFinBoxPrismClient>().CreateUserAsync(new() { CustomerID = "c1", Mobile = "9999999999" })),
            "FinBoxSourcing" => Strip(await services.GetRequiredService<IFinBoxSourcingClient>().CreateUserAsync(new() { CustomerID = "c1", Mobile = "9999999999" })),
            "CapitalFloat" => Strip(await services.GetRequiredService<ICapitalFloatClient>().BlockAsync(new() { AppId = "a1", OrderId = "o1", Amount = "1" })),
            _ => Strip(await services.GetRequiredService<IPartnerTokenClient>().HandshakeAsync(new() { HandshakeId = "h1" })),
        };

        Assert.Equal((LenderResultKind.RetryableFailure, "NOT_CONNECTED", false), (result.Kind, result.LenderCode, result.OutcomeUnknown));
        Assert.Contains($"no connection to Lenders:{lender}: ", result.Message, StringComparison.Ordinal);
        Assert.Contains(unresolvable ? "its host name did not resolve" : "the connection was refused", result.Message, StringComparison.Ordinal);
        Assert.Contains(unresolvable ? "lender-that-does-not-exist.invalid" : closed.Url.Authority, result.Message, StringComparison.Ordinal);
        Assert.EndsWith("nothing was sent", result.Message, StringComparison.Ordinal);
    }

    private static LenderResult<object> Strip<T>(LenderResult<T> result) => new()
    {
        Kind = result.Kind, LenderCode = result.LenderCode, Message = result.Message, OutcomeUnknown = result.OutcomeUnknown,
    };

    // A loopback port bound and never listened on, held for the test (no other test can take it): a connect is refused at once.
    private sealed class ClosedPort : IDisposable
    {
        private readonly System.Net.Sockets.Socket _socket = new(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);

        public ClosedPort()
        {
            _socket.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
            Url = new Uri($"http://127.0.0.1:{((System.Net.IPEndPoint)_socket.LocalEndPoint!).Port}/");
        }

        public Uri Url { get; }

        public void Dispose() => _socket.Dispose();
    }

    [Fact]
    public void EveryGetIsSafeAndEveryDocumentedMoneyMoverIsNot()
    {
        var all = FinBoxPrismOperations.All.Concat(FinBoxSourcingOperations.All).Concat(CapitalFloatOperations.All).Concat(PartnerTokenOperations.All).ToArray();
        Assert.All(all.Where(o => o.Method == "GET"), o => Assert.True(o.SafeToRetry, o.Name));
        foreach (var name in MoneyMovers)
        {
            Assert.False(all.Single(o => o.Name == name).SafeToRetry, name);
        }
    }

    [Fact]
    public async Task BreakerOpensAfterTheConfiguredFailuresAndClosesAfterTheBreakDuration()
    {
        var clock = new FakeTimeProvider(Start);
        await using var services = LenderTestServices.Create(_server.BaseUrl, time: clock, overrides: new Dictionary<string, string?>
        {
            ["Lenders:CapitalFloat:BreakerMinimumThroughput"] = "3",
            ["Lenders:CapitalFloat:BreakerFailureRatio"] = "1.0",
            ["Lenders:CapitalFloat:BreakerSamplingDuration"] = "00:01:00",
            ["Lenders:CapitalFloat:BreakerBreakDuration"] = "00:00:30",
        });
        var client = services.GetRequiredService<ICapitalFloatClient>();
        var prism = services.GetRequiredService<IFinBoxPrismClient>();
        _server.Fallback = ctx => ScriptedLenderServer.Json(ctx, 503, "{}");

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(503, (await client.BlockAsync(new() { AppId = "a", OrderId = "o", Amount = "1" })).HttpStatus);
        }

        var rejected = await client.GetAvailableLimitAsync(new() { AppId = "a" });
        Assert.Equal(LenderResultKind.RetryableFailure, rejected.Kind);
        Assert.Equal("CIRCUIT_OPEN", rejected.LenderCode);
        Assert.False(rejected.OutcomeUnknown);
        Assert.Equal(TimeSpan.FromSeconds(30), rejected.RetryAfter);
        Assert.Equal(3, _server.Received.Count);

        // One breaker per lender: FinBox is unaffected.
        _server.Enqueue(200, BreProcessing);
        Assert.Equal(LenderResultKind.Processing, (await prism.GetBreAsync("r1")).Kind);
        Assert.Equal(4, _server.Received.Count);

        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(TimeSpan.FromSeconds(20), (await client.GetAvailableLimitAsync(new() { AppId = "a" })).RetryAfter);
        clock.Advance(TimeSpan.FromSeconds(21));
        _server.Fallback = ctx => ScriptedLenderServer.Json(ctx, 200, """{"status":1,"available_limit":"5000","app_id":"a"}""");
        var trial = await client.GetAvailableLimitAsync(new() { AppId = "a" });
        Assert.Equal(LenderResultKind.Success, trial.Kind);
        Assert.Equal("5000", trial.Body!.AvailableLimit);
        Assert.Equal(LenderResultKind.Success, (await client.GetAvailableLimitAsync(new() { AppId = "a" })).Kind);
        Assert.Equal(6, _server.Received.Count);
    }

    private static async Task<LenderResult<object>> Call(IServiceProvider services, string operation)
    {
        var prism = services.GetRequiredService<IFinBoxPrismClient>();
        var sourcing = services.GetRequiredService<IFinBoxSourcingClient>();
        var cf = services.GetRequiredService<ICapitalFloatClient>();
        var partner = services.GetRequiredService<IPartnerTokenClient>();
        return operation switch
        {
            "FinBoxPrism.TriggerDisbursal" => Erase(await prism.TriggerDisbursalAsync(new() { CustomerID = "c", Program = "EDI" })),
            "FinBoxPrism.TriggerAgreementSigning" => Erase(await prism.TriggerAgreementSigningAsync(new() { CustomerID = "c", Program = "EDI" })),
            "FinBoxPrism.AcceptOffer" => Erase(await prism.AcceptOfferAsync(new() { CustomerID = "c", OfferDetails = new() { OfferID = "o", Amount = 1 } })),
            "FinBoxPrism.TriggerKyc" => Erase(await prism.TriggerKycAsync(new() { CustomerID = "c", Program = "EDI" })),
            "CapitalFloat.Block" => Erase(await cf.BlockAsync(new() { AppId = "a", OrderId = "o", Amount = "1" })),
            "CapitalFloat.CreateTranche" => Erase(await cf.CreateTrancheAsync(new() { AppId = "a", OrderId = "o", Amount = "1", SuborderId = "s" })),
            "CapitalFloat.CancelBlock" => Erase(await cf.CancelBlockAsync(new() { AppId = "a", OrderId = "o", Amount = "1" })),
            "CapitalFloat.VerifyBlockOtp" => Erase(await cf.VerifyBlockOtpAsync(new() { AppId = "a", OrderId = "o", Otp = "000000" })),
            "FinBoxSourcing.Repay" => Erase(await sourcing.RepayAsync(new() { LoanApplicationID = "l", InstallmentNum = 1, AmountReceived = 1 })),
            "FinBoxSourcing.ConfirmTransaction" => Erase(await sourcing.ConfirmTransactionAsync(new() { TxnID = "t" })),
            "FinBoxSourcing.SplitTransaction" => Erase(await sourcing.SplitTransactionAsync(new() { TxnID = "t", Invoices = [new() { Amount = 1 }] })),
            "FinBoxSourcing.MergeTransactions" => Erase(await sourcing.MergeTransactionsAsync(new() { TxnIDs = ["t1", "t2"] })),
            "Partner.ShareToken" => Erase(await partner.ShareTokenAsync(new() { FinalApproval = true, XPartnerToken = "x" })),
            _ => throw new ArgumentOutOfRangeException(nameof(operation)),
        };
    }

    private static LenderResult<object> Erase<T>(LenderResult<T> result) => new()
    {
        Kind = result.Kind,
        LenderCode = result.LenderCode,
        Message = result.Message,
        HttpStatus = result.HttpStatus,
        Body = result.Body,
        OutcomeUnknown = result.OutcomeUnknown,
    };
}
