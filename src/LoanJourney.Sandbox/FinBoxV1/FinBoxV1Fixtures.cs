using System.Globalization;
using LoanJourney.Sandbox.Infrastructure;

namespace LoanJourney.Sandbox.FinBoxV1;

/// <summary>
/// Control routes that set up the FinBox v1 state a journey starting after disbursal presupposes (docs/sandbox.md, "Fixtures"):
/// a borrower as Create User leaves it (with the scenario's credit line, if any), or a borrower whose loan is already at
/// <c>loan_disbursed</c>, its stages in the user's activity as if they had happened. Nothing is posted: no webhook goes out
/// for a fixture. A request carrying <see cref="SandboxTestRuns.Header"/> creates the borrower in the test runs' book, and
/// <c>GET /sandbox/finbox/loans/{id}</c> finds a loan only in the book it is asked for.
/// </summary>
internal static class FinBoxV1Fixtures
{
    public static async Task<IResult> CreateUser(HttpRequest request, FinBoxV1Store store, V1Journeys journeys, TimeProvider time) =>
        await CreateAsync(request, store, journeys, time, disbursed: false);

    public static async Task<IResult> CreateLoan(HttpRequest request, FinBoxV1Store store, V1Journeys journeys, TimeProvider time) =>
        await CreateAsync(request, store, journeys, time, disbursed: true);

    public static IResult ReadLoan(string loanApplicationId, bool? testRuns, FinBoxV1Store store)
    {
        var testRun = RequestCounters.Listed(testRuns) == CounterBook.TestRuns;
        lock (store.Gate)
        {
            return store.ByLoan(loanApplicationId) is { } user && store.TestRunBorrowers.ContainsKey(user.CustomerId) == testRun
                ? WireJson.Json(View(user, testRun))
                : Results.Problem(title: "loan application not found" + (testRun ? " among test runs' borrowers" : ""), statusCode: StatusCodes.Status404NotFound);
        }
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, FinBoxV1Store store, V1Journeys journeys, TimeProvider time, bool disbursed)
    {
        var body = await WireJson.TryReadAsync<V1FixtureRequest>(request);
        if (string.IsNullOrWhiteSpace(body?.CustomerId))
        {
            return Results.Problem(title: "customerID is required", statusCode: StatusCodes.Status400BadRequest);
        }

        if (!MobileNumber.IsValid(body.Mobile))
        {
            return Results.Problem(title: "mobile must be ten digits starting 6 to 9 (its last four pick the scenario)", statusCode: StatusCodes.Status400BadRequest);
        }

        lock (store.Gate)
        {
            if (store.Users.ContainsKey(body.CustomerId))
            {
                return Results.Problem(title: "user already exists", statusCode: StatusCodes.Status409Conflict);
            }

            var user = new V1User(body.CustomerId, body.Mobile!, journeys.Now());
            var testRun = RequestCounters.BookOf(request) == CounterBook.TestRuns;
            var disbursal = user.Scenario.V1Journey.ToList().FindIndex(s => s.EventType == V1EventTypes.LoanDisbursed);
            if (disbursed && disbursal < 0)
            {
                return Results.Problem(title: $"scenario {user.Scenario.Key} never disburses a v1 loan ({user.Scenario.Description})", statusCode: StatusCodes.Status409Conflict);
            }

            user.CreditLine = FinBoxV1Api.OpenCreditLine(user.Scenario, time);
            user.Activity.Add(new WebhookPayload(user.CustomerId, "sourcing_entity", "", V1EventTypes.UserCreated, "", user.CreatedAt, user.JourneyType, ""));
            if (disbursed)
            {
                // As the borrower's SDK journey would have left it: eligibility read, token issued, every stage up to the disbursal
                // reached (recorded in the activity, never posted). The journey driver leaves a finished journey alone.
                user.EligibilityCalculated = true;
                user.TokenIssued = true;
                user.LoanApplicationId = Guid.NewGuid().ToString();
                user.LoanApplicationNum = "FB" + time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
                user.LoanCreatedAt = journeys.Now();
                for (var step = 0; step <= disbursal; step++)
                {
                    var stage = user.Scenario.V1Journey[step];
                    user.Step = step;
                    user.Status = stage.Status;
                    user.Activity.Add(new WebhookPayload(user.CustomerId, "system", stage.EventDescription, stage.EventType, user.LoanApplicationId, journeys.Now(), user.JourneyType, ""));
                }
            }

            store.Users[user.CustomerId] = user;
            if (testRun)
            {
                store.TestRunBorrowers[user.CustomerId] = new V1TestRunBorrower(user.CustomerId);
            }

            return WireJson.Json(View(user, testRun), StatusCodes.Status201Created);
        }
    }

    private static object View(V1User user, bool testRun) => new
    {
        customerID = user.CustomerId,
        mobile = user.Mobile,
        scenario = user.Scenario.Key,
        testRun,
        status = user.Status,
        loanApplicationID = user.LoanApplicationId.Length > 0 ? user.LoanApplicationId : null,
        loanApplicationNum = user.LoanApplicationNum.Length > 0 ? user.LoanApplicationNum : null,
        loanStatus = user.LoanStatus.Length > 0 ? user.LoanStatus : null,
        creditLine = user.CreditLine is { } line ? new { status = line.Status, maxLimit = line.Terms.MaxLimit, availableLimit = line.AvailableLimit } : null,
    };
}
