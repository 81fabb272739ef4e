using System.Globalization;
using LoanJourney.Sandbox.Infrastructure;
using Microsoft.Extensions.Options;

namespace LoanJourney.Sandbox.CapitalFloat;

/// <summary>
/// Capital Float pay-later at <c>/paylater/...</c>. Answers carry the documented numeric <c>status</c>
/// (1 success, negative errors) with HTTP 200; only a missing <c>Authorization</c> is HTTP 401.
/// </summary>
internal static class CapitalFloatApi
{
    public static void MapCapitalFloat(this IEndpointRouteBuilder lenderRoot)
    {
        var cf = lenderRoot.MapLenderGroup(LenderFamily.CapitalFloat);
        cf.MapPost("/paylater/block", Block);
        cf.MapPost("/paylater/verify_block", VerifyBlock);
        cf.MapPost("/paylater/resend_block_otp", ResendOtp);
        cf.MapPost("/paylater/tranche", Tranche);
        cf.MapPost("/paylater/cancel", Cancel);
        cf.MapPost("/paylater/balance", Balance);
        cf.MapPost("/paylater/agent_info", AgentInfo);
        cf.MapPost("/paylater/profile_available_limit", AvailableLimit);
    }

    private static IResult Status(int status, string message) => WireJson.Json(new { status, message });

    private static readonly IResult BadJson = Status(-11, "bad json");
    private static readonly IResult BlockedOrderNotFound = Status(-12, "blocked order not found");

    /// <summary>Reads a body and checks the endpoint's mandatory fields: the body, or the documented error to answer.</summary>
    private static async Task<(PayLaterRequest? Body, IResult? Error)> ReadAsync(HttpRequest request, string missingMessage, bool order = true, bool amount = false, bool otp = false)
    {
        var body = await WireJson.TryReadAsync<PayLaterRequest>(request);
        if (body is null)
        {
            return (null, BadJson);
        }

        var missing = string.IsNullOrWhiteSpace(body.AppId)
            || (order && string.IsNullOrWhiteSpace(body.OrderId))
            || (amount && WireJson.IsMissing(body.Amount))
            || (otp && string.IsNullOrWhiteSpace(body.Otp));
        return missing ? (null, Status(-100, missingMessage)) : (body, null);
    }

    /// <summary>Runs <paramref name="act"/> on an existing block under the store's gate, or answers app / order not found.</summary>
    private static IResult OnBlock(CapitalFloatStore store, PayLaterRequest body, Func<PayLaterApp, PayLaterBlock, IResult> act)
    {
        lock (store.Gate)
        {
            if (store.App(body.AppId!) is not { } app)
            {
                return Status(-300, "App not found");
            }

            return store.Block(body.AppId!, body.OrderId!) is { } block ? act(app, block) : BlockedOrderNotFound;
        }
    }

    private const string MissingAmountAppOrder = "Payload is missing amount or app_id or order_id";
    private const string MissingAppOrOrder = "Payload is missing app_id or order_id";

    private static async Task<IResult> Block(HttpRequest request, CapitalFloatStore store, RequestCounters counters, SandboxRandom random, IOptions<SandboxOptions> options, ILogger<CapitalFloatStore> logger)
    {
        var (read, error) = await ReadAsync(request, MissingAmountAppOrder, amount: true);
        if (read is not { AppId: { } appId, OrderId: { } orderId } body)
        {
            return error!;
        }

        if (!WireJson.TryReadAmount(body.Amount, out var amount))
        {
            return Status(-5, "number format exception");
        }

        if (amount < 0)
        {
            return Status(-300, "Amount cannot be negative. Please provide a proper value");
        }

        lock (store.Gate)
        {
            var app = store.App(body.AppId);
            if (app is null)
            {
                return Status(-400, "App not found");
            }

            counters.Increment(appId, CallCounters.BlockRequest);
            if (app.Scenario.BlockError is { } forced)
            {
                return Status(forced.Status, forced.Message);
            }

            if (app.Blocks.ContainsKey(body.OrderId))
            {
                counters.Increment(appId, CallCounters.BlockDuplicate);
                return Status(-13, "duplicate blocked order");
            }

            if (amount > app.Available)
            {
                return Status(-3, "sanction credit limit is exceeding");
            }

            var block = new PayLaterBlock(body.OrderId, amount) { TestRun = counters.Book == CounterBook.TestRuns };
            IssueOtp(block, random, options.Value);
            app.Blocks[body.OrderId] = block;
            counters.Increment(appId, CallCounters.Block);
        }

        SandboxLog.OtpIssued(logger, body.AppId, body.OrderId);
        return WireJson.Json(new { status = 1, order_id = body.OrderId, message = "OTP sent to the borrower" });
    }

    private static void IssueOtp(PayLaterBlock block, SandboxRandom random, SandboxOptions options)
    {
        block.Otp = random.NextDigits(6);
        block.OtpAttemptsLeft = options.OtpAttempts;
    }

    private static async Task<IResult> VerifyBlock(HttpRequest request, CapitalFloatStore store)
    {
        var (body, error) = await ReadAsync(request, MissingAmountAppOrder, otp: true);
        return error ?? OnBlock(store, body!, (_, block) =>
        {
            if (block.Verified)
            {
                return Status(1, "Success");
            }

            if (block.OtpAttemptsLeft <= 0 || !string.Equals(block.Otp, body!.Otp, StringComparison.Ordinal))
            {
                // Wrong OTPs use up the attempts; after the last one only a resend issues a usable OTP.
                block.OtpAttemptsLeft = Math.Max(0, block.OtpAttemptsLeft - 1);
                return Status(-23, "otp not verified");
            }

            block.Verified = true;
            return Status(1, "Success");
        });
    }

    private static async Task<IResult> ResendOtp(HttpRequest request, CapitalFloatStore store, SandboxRandom random, IOptions<SandboxOptions> options)
    {
        var (body, error) = await ReadAsync(request, MissingAppOrOrder);
        return error ?? OnBlock(store, body!, (_, block) =>
        {
            IssueOtp(block, random, options.Value);

            // Documented oddity: this success carries status as a string.
            return WireJson.Json(new { status = "1", message = "OTP sent successfully" });
        });
    }

    private static async Task<IResult> Tranche(HttpRequest request, CapitalFloatStore store, RequestCounters counters)
    {
        var (body, error) = await ReadAsync(request, MissingAmountAppOrder, amount: true);
        if (error is not null)
        {
            return error;
        }

        if (!WireJson.TryReadAmount(body!.Amount, out var amount))
        {
            return Status(-5, "number format exception");
        }

        if (amount != decimal.Truncate(amount))
        {
            return Status(-6, "tranche amount is not integer");
        }

        return OnBlock(store, body, (app, block) =>
        {
            if (!block.Verified)
            {
                return Status(-23, "otp not verified");
            }

            var suborder = body.SuborderId ?? "";
            if (block.Tranches.TryGetValue(suborder, out var existing))
            {
                // Same order and suborder again: the tranche already exists, nothing more is drawn.
                counters.Increment(app.AppId, CallCounters.TrancheDuplicate);
                return WireJson.Json(new { status = 1, tranche_id = existing, message = "tranche already created" });
            }

            if (amount <= 0 || amount > block.Balance)
            {
                return Status(-24, "amount not blocked");
            }

            var trancheId = Guid.NewGuid().ToString();
            block.Tranches[suborder] = trancheId;
            counters.Increment(app.AppId, CallCounters.Tranche);
            block.Balance -= amount;
            app.Utilized += amount;
            return WireJson.Json(new { status = 1, tranche_id = trancheId, message = "" });
        });
    }

    private static async Task<IResult> Cancel(HttpRequest request, CapitalFloatStore store, RequestCounters counters)
    {
        var (body, error) = await ReadAsync(request, MissingAmountAppOrder, amount: true);
        if (error is not null)
        {
            return error;
        }

        if (!WireJson.TryReadAmount(body!.Amount, out var amount))
        {
            return Status(-5, "number format exception");
        }

        return OnBlock(store, body, (app, block) =>
        {
            if (amount <= 0 || amount > block.Balance)
            {
                return Status(-25, "amount not unblocked");
            }

            counters.Increment(app.AppId, CallCounters.BlockCancel);
            block.Balance -= amount;
            return Status(1, "");
        });
    }

    private static async Task<IResult> Balance(HttpRequest request, CapitalFloatStore store)
    {
        var (body, error) = await ReadAsync(request, MissingAppOrOrder);
        return error ?? OnBlock(store, body!, (_, block) =>
            WireJson.Json(new { status = 1, order_id = block.OrderId, balance = Money(block.Balance) }));
    }

    private static async Task<IResult> AvailableLimit(HttpRequest request, CapitalFloatStore store)
    {
        var (body, error) = await ReadAsync(request, "Payload is missing app_id", order: false);
        if (error is not null)
        {
            return error;
        }

        lock (store.Gate)
        {
            return store.App(body!.AppId!) switch
            {
                null => Status(-300, "App not found"),
                { Scenario.AvailableLimitError: { } forced } app => WireJson.Json(new { status = forced.Status, app_id = app.AppId, message = forced.Message }),
                var app => WireJson.Json(new { status = 1, available_limit = Money(app.Available), app_id = app.AppId }),
            };
        }
    }

    private static async Task<IResult> AgentInfo(HttpRequest request, CapitalFloatStore store)
    {
        var (body, error) = await ReadAsync(request, "Payload is missing app_id", order: false);
        if (error is not null)
        {
            return error;
        }

        lock (store.Gate)
        {
            if (store.App(body!.AppId!) is not { } app)
            {
                return Status(-300, "App not found");
            }

            var profile = new
            {
                emailId = "borrower@sandbox.invalid",
                roi = 13,
                settledAmountTillDate = 0,
                settledTranches = Array.Empty<object>(),
                delayedTranches = Array.Empty<object>(),
                sanctionId = app.AppId,
                requestedTranches = Array.Empty<object>(),
                pendingTranchesForFunding = 0,
                penaltyInterestPa = "37.0",
                nachStatus = "Active",
                dueDateOfNextTranche = (string?)null,
                expiryDate = "2030-12-31",
                expectedIr = "13",
                totalLimitUtilized = app.Utilized,
                isOnHold = app.Scenario.OnHoldReason is null ? "Active" : "On Hold",
                overdueFees = 0,
                lan = "SBXLAN00000",
                amountNotPaidAfterDueDate = 0,
                otpNotVerified = app.Blocks.Values.Count(b => !b.Verified),
                availableLimit = app.Available,
                creditLimit = app.CreditLimit,
                overdueInterest = 0,
                creationDate = "2024-01-01",
                repaymentCycle = 30,
                isActive = app.Scenario.OnHoldReason is null,
                activeBlockedAmount = app.Blocked,
                overduePrincipal = 0,
                dpd = 0,
                onHoldReason = app.Scenario.OnHoldReason ?? "-",
                overdueCharges = 0,
                dueTranches = Array.Empty<object>(),
            };
            return WireJson.Json(new
            {
                sresp = new
                {
                    overdueFees = 0,
                    amountNotPaidAfterDueDate = 0,
                    otpNotVerified = profile.otpNotVerified,
                    agentProfiles = new[] { profile },
                    pendingTranchesForFunding = 0,
                    agent = new { city = (string?)null, name = "Sandbox Pvt Ltd", country = (string?)null, phone = (string?)null, agent_id = (string?)null, email = (string?)null },
                    settledAmountTillDate = 0,
                    dpd = 0,
                    cfBankIfsc = "RATN0000156",
                    overduePrincipal = 0,
                    overdueCharges = 0,
                    overdueInterest = 0,
                    cfBankAcctNo = "VACAFLT00000",
                    cfBankName = "RBL",
                },
                status = 1,
            });
        }
    }

    private static string Money(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>
    /// The OTP inbox (control route): what the borrower would have received by SMS. That of <paramref name="book"/>: one block's entry (<paramref name="appId"/> and <paramref name="orderId"/>), or
    /// every block's, in app and order order, when neither is given. A block of the other book is not in it: the answer says so.
    /// </summary>
    internal static IResult ReadOtp(string? appId, string? orderId, CounterBook book, CapitalFloatStore store)
    {
        var testRun = book == CounterBook.TestRuns;
        if (appId is null && orderId is null)
        {
            lock (store.Gate)
            {
                return Results.Json(store.Blocks().Where(b => b.Block.TestRun == testRun).Select(b => Inbox(b.AppId, b.Block)).ToList(), WireJson.Options);
            }
        }

        if (string.IsNullOrWhiteSpace(appId) || string.IsNullOrWhiteSpace(orderId))
        {
            return Results.Problem(title: "app_id and order_id are required (or neither, for the whole inbox)", statusCode: StatusCodes.Status400BadRequest);
        }

        lock (store.Gate)
        {
            return store.Block(appId, orderId) switch
            {
                { } block when block.TestRun == testRun => Results.Json(Inbox(appId, block), WireJson.Options),
                // Each says what the route found, without echoing the ids (masked in the sandbox's own lines). Walk 47: with no
                // detail, the server added its generic 404 one, "No such resource (docs/api.md lists the API…)", and a newcomer
                // who read the OTP before the block took the URL for wrong.
                { TestRun: true } => Results.Problem(title: "no OTP for this block among real journeys' blocks: a draft test run's (testRuns=true)",
                    detail: "This app_id and order_id's block is a draft test run's: ask with testRuns=true.", statusCode: StatusCodes.Status404NotFound),
                { } => Results.Problem(title: "no OTP for this block among draft test runs' blocks: a real journey's (without testRuns)",
                    detail: "This app_id and order_id's block is a real journey's: ask without testRuns.", statusCode: StatusCodes.Status404NotFound),
                null => Results.Problem(title: "no OTP for this block",
                    detail: "No block of this app_id and order_id yet: the OTP is sent when the journey blocks the amount (its block step), so ask again until then. A journey's order_id is LJ-<its instance id>.",
                    statusCode: StatusCodes.Status404NotFound),
            };
        }
    }

    private static OtpInboxEntry Inbox(string appId, PayLaterBlock block) => new(appId, block.OrderId, block.Otp, block.OtpAttemptsLeft, block.Verified);
}
