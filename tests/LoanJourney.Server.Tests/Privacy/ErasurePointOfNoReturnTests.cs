using System.Net;
using System.Text.Json.Nodes;
using LoanJourney.Server.Tests.Support;
using LoanJourney.TestSupport;

namespace LoanJourney.Server.Tests.Privacy;

/// <summary>
/// <c>POST /api/borrowers/{customerId}/erasure</c> with <c>cancelFirst</c> while one of the borrower's journeys is past its
/// point of no return (its disbursal done, the partner down): all or nothing — 409 naming it, and none of the borrower's
/// other journeys cancelled (docs/api.md "Retention and erasure").
/// </summary>
public sealed class ErasurePointOfNoReturnTests : IDisposable
{
    private readonly string _definitions = Path.Combine(Path.GetTempPath(), "lj-erasure-defs-" + Guid.NewGuid().ToString("N"));
    private readonly LenderServerFactory _server;
    private readonly HttpClient _api;

    public ErasurePointOfNoReturnTests()
    {
        // The real personal loan (its disbursal is the point of no return) beside a journey that only waits for a signal.
        Directory.CreateDirectory(_definitions);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "finbox-personal-loan.json"), Path.Combine(_definitions, "finbox-personal-loan.json"));
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Workflows", "test-review.json"), Path.Combine(_definitions, "test-review.json"));
        _server = new LenderServerFactory(settings: new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Engine:DefinitionsDirectory"] = _definitions,
            ["Engine:PollInterval"] = "00:00:00.100",
        });
        _api = _server.CreateApiClient();
    }

    public void Dispose()
    {
        _server.Dispose();
        Directory.Delete(_definitions, recursive: true);
    }

    [Fact]
    public async Task ErasureWithCancelFirstIs409NamingTheDisbursedJourney_AndCancelsNoneOfTheBorrowersJourneys()
    {
        var input = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Workflows", "samples", "finbox-personal-loan.json")))!.AsObject();
        var customerId = "CUST-PNR-" + Guid.NewGuid().ToString("N")[..8];
        input["customerId"] = customerId;
        // Created first, so an erasure that cancels one journey after another meets it before the disbursed one.
        var review = await _api.StartAsync("test-review", new { customerId });
        await _api.WaitForStatusAsync(review, "Waiting");
        (await _api.PutAsync("/sandbox/faults", Api.Json(new { dropBeforeCommit = new[] { "application/token" } }))).Dispose();
        var loan = await _api.StartAsync("finbox-personal-loan", input);
        await Poll.UntilAsync(() => _api.GetInstanceAsync(loan), j => j["steps"]!.AsArray().Any(s => s!["stepId"]!.GetValue<string>() == "shareApproved"),
            TimeSpan.FromSeconds(60), j => $"the disbursed journey trying its token share: {j?.ToJsonString()}");

        // The dry run says so first (session 39): the disbursed journey refused, with the journey page's reason; the other cancellable.
        var plan = await (await _api.PostAsync($"/api/borrowers/{customerId}/erasure/dry-run", null)).ReadObjectAsync();
        Assert.Equal([loan], plan["refused"]!.AsArray().Select(n => n!.GetValue<string>()));
        var planned = plan["journeys"]!.AsArray().ToDictionary(j => j!["id"]!.GetValue<string>(), j => j!);
        Assert.Equal(("refused", "disburse"), (planned[loan]["action"]!.GetValue<string>(), planned[loan]["cancelRefusal"]!["stepId"]!.GetValue<string>()));
        Assert.Equal("cancel-then-redact", planned[review]["action"]!.GetValue<string>());

        var response = await _api.PostAsync($"/api/borrowers/{customerId}/erasure", Api.Json(new { reason = "DPDP request 44", cancelFirst = true }));

        var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict);
        var other = await _api.GetInstanceAsync(review);
        Assert.Equal("Waiting", other["status"]!.GetValue<string>());
        Assert.Equal(customerId, other["correlationId"]!.GetValue<string>()); // not redacted either
        Assert.Equal(("past_point_of_no_return", loan, "disburse", "Disbursed"), (problem["code"]!.GetValue<string>(),
            problem["instanceId"]!.GetValue<string>(), problem["stepId"]!.GetValue<string>(), problem["outcome"]!.GetValue<string>()));
        Assert.Equal([loan], problem["instanceIds"]!.AsArray().Select(n => n!.GetValue<string>()));
        var journey = Assert.Single(problem["journeys"]!.AsArray())!;
        Assert.Equal((loan, "FinBox.Disburse", false), (journey["instanceId"]!.GetValue<string>(), journey["activity"]!.GetValue<string>(), journey["moneyCallOut"]!.GetValue<bool>()));
        var audit = await (await _api.GetAsync($"/api/audit?action=cancel&instanceId={review}")).ReadObjectAsync();
        Assert.Equal(0, audit["total"]!.GetValue<long>());
        var journal = await (await _api.GetAsync($"/api/instances/{review}/journal")).ReadObjectAsync();
        Assert.DoesNotContain(journal["items"]!.AsArray(), e => e!["kind"]!.GetValue<string>() == "CancelRequested");

        // Once the partner is back the loan ends; the erasure then cancels the other journey and erases both.
        (await _api.PutAsync("/sandbox/faults", Api.Json(new { }))).Dispose();
        await _api.WaitForStatusAsync(loan, "Completed", TimeSpan.FromSeconds(120));
        var erased = await (await _api.PostAsync($"/api/borrowers/{customerId}/erasure", Api.Json(new { reason = "DPDP request 44", cancelFirst = true }))).ReadObjectAsync();
        Assert.Equal([review], erased["cancelled"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(2, erased["redacted"]!.AsArray().Count);
    }
}
