using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using LoanJourney.Lenders.Common;
using LoanJourney.Sandbox;

namespace LoanJourney.Server.Workflows.Design.TestRuns;

/// <summary>
/// Sets up, per scenario, the lender state a journey that starts after disbursal presupposes (docs/api.md, "Test-run a draft",
/// "Prepared state"), through the sandbox's fixture routes over HTTP (docs/sandbox.md, "Fixtures") from the address the run's
/// lender clients call, each request carrying the run's <see cref="SandboxTestRuns.Header"/> so that the borrowers are the test
/// runs' book's: for a draft using the repayment activities, a v1 borrower (mobile ending in the scenario's digits) whose loan is
/// at <c>loan_disbursed</c>, its <c>loanApplicationID</c> put into the input unless the input's is a loan of that book already;
/// for a draft using the credit line activities, the input's (tagged) <c>customerId</c> as a v1 borrower with the scenario's
/// credit line and, when the line is ACTIVE, a PROCESSING purchase of <see cref="PurchaseAmount"/> with the input's
/// <c>partnerTxnID</c>. A draft that creates its v1 borrower itself (<c>FinBoxSdk.CreateUser</c>) is prepared nothing. The report
/// shows the borrower's mobile masked (<see cref="Pii.MaskMobile"/>), as every mobile the API shows.
/// </summary>
internal sealed class TestRunPreparation
{
    /// <summary>The purchase the borrower makes on an ACTIVE line, so that the order's journey finds it.</summary>
    public const decimal PurchaseAmount = 1000m;

    /// <summary>The first six digits of a prepared borrower's mobile; the scenario's four follow.</summary>
    public const string MobilePrefix = "987650";

    /// <summary>What precedes the run's tag in the customer id of a prepared loan's borrower when the input names none.</summary>
    public const string LoanCustomerPrefix = "TESTRUN-LOAN";

    private const string LoanField = "loanApplicationID";
    private const string CustomerField = "customerId";
    private const string OrderField = "partnerTxnID";

    private readonly HttpClient _http;
    private readonly Uri _sandboxUrl;
    private readonly string _runId;

    private TestRunPreparation(HttpClient http, Uri sandboxUrl, string runId, bool loan, bool creditLine)
    {
        (_http, _sandboxUrl, _runId) = (http, sandboxUrl, runId);
        (Loan, CreditLine) = (loan, creditLine);
    }

    /// <summary>Whether the draft's scenarios get a disbursed loan.</summary>
    public bool Loan { get; }

    /// <summary>Whether the draft's scenarios get a credit line borrower (and a purchase).</summary>
    public bool CreditLine { get; }

    /// <summary>What the draft's steps need prepared; null when nothing.</summary>
    public static TestRunPreparation? For(IReadOnlyCollection<string> activities, HttpClient http, Uri sandboxUrl, string runId)
    {
        if (activities.Contains("FinBoxSdk.CreateUser"))
        {
            return null;
        }

        var loan = activities.Any(ActivityGroups.Repayment.Contains);
        var creditLine = activities.Any(ActivityGroups.CreditLine.Contains);
        return loan || creditLine ? new TestRunPreparation(http, sandboxUrl, runId, loan, creditLine) : null;
    }

    /// <summary>Prepares the scenario's state and puts its ids into <paramref name="input"/>; what was prepared, or why it failed.</summary>
    public async Task<(TestRunPreparedView? Prepared, string? Error)> PrepareAsync(JsonObject input, string scenario, string tag, CancellationToken cancellationToken)
    {
        var mobile = MobilePrefix + scenario;
        var customerId = Text(input[CustomerField]);
        string? loanId = null;
        string? purchase = null;

        // The credit line of the borrower the loan fixture created (it opens the scenario's line too), when it did.
        string? lineStatus = null;
        var borrowerCreated = false;
        try
        {
            if (Loan && Text(input[LoanField]) is { } given)
            {
                if (await KnownLoanAsync(given, cancellationToken))
                {
                    loanId = given;
                }
                else
                {
                    customerId ??= LoanCustomerPrefix + TestRunInput.CustomerTagPrefix + tag;
                    var (loan, error) = await PostAsync("/sandbox/finbox/loans", new JsonObject { ["customerID"] = customerId, ["mobile"] = mobile }, cancellationToken);
                    if (error is not null)
                    {
                        return (null, error);
                    }

                    loanId = Text(loan!["loanApplicationID"]) ?? throw new JsonException("the loan fixture answered no loanApplicationID");
                    lineStatus = Text(loan["creditLine"]?["status"]);
                    borrowerCreated = true;
                    input[LoanField] = loanId;
                }
            }

            if (CreditLine && customerId is not null)
            {
                if (!borrowerCreated)
                {
                    var (user, error) = await PostAsync("/sandbox/finbox/users", new JsonObject { ["customerID"] = customerId, ["mobile"] = mobile }, cancellationToken);
                    if (error is not null)
                    {
                        return (null, error);
                    }

                    lineStatus = Text(user!["creditLine"]?["status"]);
                    borrowerCreated = true;
                }

                if (lineStatus == "ACTIVE" && Text(input[OrderField]) is { } order)
                {
                    var (txn, error) = await PostAsync($"/sandbox/finbox/users/{Uri.EscapeDataString(customerId)}/creditline/transactions",
                        new JsonObject { ["amount"] = PurchaseAmount, ["partnerTxnID"] = order }, cancellationToken);
                    if (error is not null)
                    {
                        return (null, error);
                    }

                    purchase = Text(txn!["txnID"]);
                }
            }
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or NotSupportedException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return (null, $"The sandbox could not be prepared for the scenario: {e.Message}");
        }

        return loanId is null && !borrowerCreated
            ? (null, null)
            : (new TestRunPreparedView(borrowerCreated ? customerId : null, borrowerCreated ? Pii.MaskMobile(mobile) : null, loanId, purchase,
                purchase is null ? null : PurchaseAmount), null);
    }

    // A loan of the test runs' book (one a fixture made with a test run's header) is used as it is; any other is never touched.
    private async Task<bool> KnownLoanAsync(string loanId, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, $"/sandbox/finbox/loans/{Uri.EscapeDataString(loanId)}?testRuns=true", null);
        using var response = await _http.SendAsync(request, cancellationToken);
        return response.StatusCode == HttpStatusCode.OK;
    }

    private async Task<(JsonObject? Body, string? Error)> PostAsync(string path, JsonObject body, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, path, body);
        using var response = await _http.SendAsync(request, cancellationToken);

        // A refusal is a problem document; anything else (an empty 404 when the sandbox lacks the route) is named by its status.
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var answer = response.IsSuccessStatusCode ? JsonNode.Parse(text) as JsonObject : TryParse(text);
        return response.IsSuccessStatusCode
            ? (answer ?? throw new JsonException($"POST {path} answered no body"), null)
            : (null, string.Create(CultureInfo.InvariantCulture,
                $"The sandbox could not be prepared for the scenario: POST {path} answered {(int)response.StatusCode}: {Text(answer?["title"]) ?? response.ReasonPhrase}."));
    }

    private HttpRequestMessage Request(HttpMethod method, string path, JsonObject? body)
    {
        // Control routes are at the server root's /sandbox whatever the prefix of the lender APIs (SandboxControlApi).
        var request = new HttpRequestMessage(method, new Uri(_sandboxUrl, path)) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation(SandboxTestRuns.Header, _runId);
        return request;
    }

    private static JsonObject? TryParse(string text)
    {
        try
        {
            return text.Length > 0 ? JsonNode.Parse(text) as JsonObject : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;
}
