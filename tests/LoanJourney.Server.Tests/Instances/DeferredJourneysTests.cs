using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using LoanJourney.Server.Tests.Support;
using LoanJourney.TestSupport;

namespace LoanJourney.Server.Tests.Instances;

/// <summary>
/// The journeys waiting out a lender's open circuit breaker, found (session 48; docs/api.md, "Instances", <c>deferredOn</c>).
/// A deferred step (<c>ActivityResult.Defer</c>: a durable timer, no attempt spent, no incident) looked like any waiting
/// journey: no filter found it, its summary said nothing, the dashboard did not count it. Here FinBox's breaker opens on
/// the sandbox's HTTP 500s (two failed calls, a break of an hour), so the journeys started after it wait it out.
/// </summary>
public sealed class DeferredJourneysTests : IDisposable
{
    private readonly LenderServerFactory _server = new(settings: new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["Lenders:FinBoxPrism:BreakerMinimumThroughput"] = "2",
        ["Lenders:FinBoxPrism:BreakerFailureRatio"] = "0.5",
        ["Lenders:FinBoxPrism:BreakerSamplingDuration"] = "00:10:00",
        ["Lenders:FinBoxPrism:BreakerBreakDuration"] = "01:00:00",
        ["Lenders:FinBoxPrism:MaxRetryAttempts"] = "0",
    });

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task AJourneyWaitingOutAnOpenBreaker_IsListedByItsApi_CountedOnTheDashboard_AndShownWithItsDueTime()
    {
        using var api = _server.CreateApiClient();
        var (deferred, faulted) = await OpenTheBreakerAsync(api);

        // The list: by its API, or any; another API's list is empty. Its summary names what it waits out; the incident's does not.
        var byApi = await ListAsync(api, "?deferredOn=FinBoxPrism");
        Assert.Equal([deferred], Ids(byApi));
        Assert.Equal((1, 1, 0), (byApi["total"]!.GetValue<long>(), byApi["countsByStatus"]!["Waiting"]!.GetValue<long>(), byApi["countsByStatus"]!["Faulted"]!.GetValue<long>()));
        Assert.Equal("FinBoxPrism", byApi["items"]![0]!["deferredOn"]!.GetValue<string>());
        Assert.Equal([deferred], Ids(await ListAsync(api, "?deferredOn=any&workflowId=test-lender&status=Waiting")));
        Assert.Equal([deferred], Ids(await ListAsync(api, "?deferredOn=ANY")));
        var other = await ListAsync(api, "?deferredOn=CapitalFloat");
        Assert.Equal((0, 0), (other["items"]!.AsArray().Count, (int)other["total"]!.GetValue<long>()));
        var all = await ListAsync(api, "?workflowId=test-lender");
        Assert.Null(all["items"]!.AsArray().Single(i => i!["id"]!.GetValue<string>() == faulted)!["deferredOn"]?.GetValue<string>());

        // The journey: why it waits (the API, the step's error kind) and until when (the breaker's break, an hour).
        var journey = await api.GetInstanceAsync(deferred);
        var deferral = journey["deferral"]!;
        Assert.Equal(("createUser", "FinBoxPrism", "LenderUnavailable", 1),
            (deferral["stepId"]!.GetValue<string>(), deferral["waitingOn"]!.GetValue<string>(), deferral["errorKind"]!.GetValue<string>(), deferral["attempt"]!.GetValue<int>()));
        var dueAt = DateTimeOffset.Parse(deferral["dueAt"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        Assert.InRange(dueAt - DateTimeOffset.Parse(journey["updatedAt"]!.GetValue<string>(), CultureInfo.InvariantCulture), TimeSpan.FromMinutes(50), TimeSpan.FromMinutes(61));
        var timer = Assert.Single(journey["waitingFor"]!.AsArray())!;
        Assert.Equal(("$retry", "FinBoxPrism", null), (timer["purpose"]!.GetValue<string>(), timer["deferredOn"]!.GetValue<string>(), timer["key"]?.GetValue<string>()));
        Assert.Null((await api.GetInstanceAsync(faulted))["deferral"]);

        // The dashboard counts it per API.
        var funnel = await (await api.GetAsync("/api/dashboard/funnel?workflowId=test-lender")).ReadObjectAsync();
        Assert.Equal(1, funnel["deferredOn"]!["FinBoxPrism"]!.GetValue<long>());
        Assert.Single(funnel["deferredOn"]!.AsObject());

        // A bulk operation's filter takes it: a dry run of a cancel selects the deferred journey only.
        var dryRun = await (await api.PostAsync("/api/instances/bulk/cancel", Api.Json(new { filter = new { deferredOn = "FinBoxPrism" } }))).ReadObjectAsync();
        Assert.Equal((1, deferred), (dryRun["matched"]!.GetValue<long>(), Assert.Single(dryRun["ids"]!.AsArray())!.GetValue<string>()));
    }

    [Theory]
    [InlineData("Fin Box")]
    [InlineData("Partners:acme:extra")]
    [InlineData("Partners:")]
    [InlineData("*")]
    public async Task ADeferredOnThatNamesNoApi_Is400NamingIt_InTheListAndInABulkFilter(string value)
    {
        using var api = _server.CreateApiClient();
        var problem = await (await api.GetAsync("/api/instances?deferredOn=" + Uri.EscapeDataString(value))).AssertProblemAsync(HttpStatusCode.BadRequest, "deferredOn");
        Assert.Contains("Lenders:", problem["errors"]!["deferredOn"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        await (await api.PostAsync("/api/instances/bulk/cancel", Api.Json(new { filter = new { deferredOn = value } })))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "filter.deferredOn");
    }

    // Session 49: a well-formed name of no API (a typo) had answered an empty list, as if no journey waited on it.
    [Theory]
    [InlineData("CapitalFlaot", "CapitalFloat")]
    [InlineData("finboxprism", "FinBoxPrism")]
    [InlineData("FinBoxSoucring", "FinBoxSourcing")]
    [InlineData("Partners:nobody", null)]
    public async Task ADeferredOnNamingNoKnownApi_Is400ListingTheKnownOnes_AndTheNearest(string value, string? nearest)
    {
        using var api = _server.CreateApiClient();
        var problem = await (await api.GetAsync("/api/instances?deferredOn=" + Uri.EscapeDataString(value))).AssertProblemAsync(HttpStatusCode.BadRequest, "deferredOn");
        var message = problem["errors"]!["deferredOn"]![0]!.GetValue<string>();
        Assert.StartsWith($"No lender API '{value}'.{(nearest is null ? " Known" : $" Did you mean '{nearest}'? Known")}", message, StringComparison.Ordinal);
        Assert.Contains("Known: FinBoxPrism, FinBoxSourcing, CapitalFloat, Partner (", message, StringComparison.Ordinal);

        var bulk = await (await api.PostAsync("/api/instances/bulk/cancel", Api.Json(new { filter = new { deferredOn = value } })))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "filter.deferredOn");
        Assert.Equal(message, bulk["errors"]!["filter.deferredOn"]![0]!.GetValue<string>());
        await (await api.PostAsync("/api/instances/migrate", Api.Json(new { workflowId = "test-lender", fromVersion = 1, toVersion = 2, filter = new { deferredOn = value } })))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "filter.deferredOn");

        // A configured API no journey waits on is a question with the answer "none", not a mistake.
        Assert.Empty(Ids(await ListAsync(api, "?deferredOn=FinBoxSourcing")));
    }

    // A partner removed from configuration while its journeys wait out its breaker: the name is no configured API, but a
    // waiting journey's deferral names it, so the list still finds them (and suggests it for a near miss).
    [Fact]
    public async Task AJourneyDeferredOnAnApiNoLongerConfigured_IsStillFoundByIt()
    {
        using var api = _server.CreateApiClient();
        var (deferred, _) = await OpenTheBreakerAsync(api);
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_server.DataDirectory, "server.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            using var update = connection.CreateCommand();
            update.CommandText = "UPDATE bookmarks SET key = 'Partners:gone' WHERE instance_id = $id AND kind = 'Timer' AND key = 'FinBoxPrism'";
            update.Parameters.AddWithValue("$id", deferred);
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
        }

        Assert.Equal([deferred], Ids(await ListAsync(api, "?deferredOn=Partners:gone")));
        var near = await (await api.GetAsync("/api/instances?deferredOn=Partners:gon")).AssertProblemAsync(HttpStatusCode.BadRequest, "deferredOn");
        Assert.StartsWith("No lender API 'Partners:gon'. Did you mean 'Partners:gone'? Known: FinBoxPrism, FinBoxSourcing, CapitalFloat, Partner, Partners:gone (",
            near["errors"]!["deferredOn"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABulkRetryOfAJourneyAlreadyUnderWay_IsAlreadyUnderWay_NotNoIncident()
    {
        using var api = _server.CreateApiClient();
        var (deferred, faulted) = await OpenTheBreakerAsync(api);

        // The faulted journey is retried; the deferred one (waiting, no incident) is under way already.
        var answer = await (await api.PostAsync("/api/instances/bulk/retry", Api.Json(new { ids = new[] { faulted, deferred }, reason = "FinBox back" }))).ReadObjectAsync();
        var results = answer["results"]!.AsArray().ToDictionary(r => r!["id"]!.GetValue<string>(), r => r!);
        Assert.Equal((true, null), (results[faulted]["ok"]!.GetValue<bool>(), results[faulted]["code"]?.GetValue<string>()));
        Assert.Equal((false, "already_under_way"), (results[deferred]["ok"]!.GetValue<bool>(), results[deferred]["code"]?.GetValue<string>()));
        Assert.Contains("already under way", results[deferred]["error"]!.GetValue<string>(), StringComparison.Ordinal);

        var again = await (await api.PostAsync("/api/instances/bulk/retry", Api.Json(new { ids = new[] { faulted }, reason = "twice" }))).ReadObjectAsync();
        var second = Assert.Single(again["results"]!.AsArray())!;
        // The retried journey runs createUser again; the breaker is still open, so it is deferred (for the hour), not faulted.
        Assert.Equal((false, "already_under_way"), (second["ok"]!.GetValue<bool>(), second["code"]?.GetValue<string>()));
    }

    // The sandbox answers every call 500 and FinBox's breaker opens after two failed calls: each journey started before that
    // faults (one attempt, no step retry: LenderUnavailable), the first one started after it is deferred.
    private static async Task<(string Deferred, string Faulted)> OpenTheBreakerAsync(HttpClient api)
    {
        Assert.Equal(HttpStatusCode.OK, (await api.PutAsync("/sandbox/faults", Api.Json("""{"errorRate": 1}"""))).StatusCode);
        string? faulted = null;
        for (var n = 0; n < 6; n++)
        {
            var id = await api.StartAsync("test-lender", new
            {
                customerId = $"CUST-DEFER-{n}", mobile = $"98712300{n + 20}", pan = "ABCDE1234F", email = "x@example.org", name = "Test Borrower",
            });
            var journey = await Poll.UntilAsync(() => api.GetInstanceAsync(id),
                j => j["status"]!.GetValue<string>() is "Faulted" or "Completed" || j["deferral"] is not null, TimeSpan.FromSeconds(60),
                j => $"journey {id} neither faulted nor deferred: {j?.ToJsonString()}");
            if (journey["deferral"] is not null)
            {
                Assert.NotNull(faulted);
                return (id, faulted!);
            }

            Assert.Equal("Faulted", journey["status"]!.GetValue<string>());
            faulted = id;
        }

        throw new InvalidOperationException("FinBox's breaker did not open after six journeys' calls failed.");
    }

    private static async Task<JsonObject> ListAsync(HttpClient api, string query)
    {
        using var response = await api.GetAsync("/api/instances" + query);
        var body = await response.ReadObjectAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /api/instances{query}: {(int)response.StatusCode} {body.ToJsonString()}");
        return body;
    }

    private static string[] Ids(JsonObject list) => list["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToArray();
}
