using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using LoanJourney.Server.Tests.Support;

namespace LoanJourney.Server.Tests;

public sealed class InstancesApiTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    private readonly HttpClient _api = factory.CreateApiClient();

    private static string NewCustomer() => "CUST-" + Guid.NewGuid().ToString("N")[..8];

    private static string Unescaped(string json) =>
        JsonNode.Parse(json)!.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    [Fact]
    public async Task WorkflowsAreListedWithVersionsInputsStepsAndActivityDescriptors()
    {
        var list = await (await _api.GetAsync("/api/workflows")).ReadObjectAsync();
        var review = list["items"]!.AsArray().Single(w => w!["id"]!.GetValue<string>() == "test-review")!;
        Assert.Equal(1, review["latestVersion"]!.GetValue<int>());
        Assert.Equal("[1]", review["versions"]!.ToJsonString());
        Assert.Contains(review["inputs"]!.AsArray(), i => i!["name"]!.GetValue<string>() == "customerId" && i["required"]!.GetValue<bool>());

        var detail = await (await _api.GetAsync("/api/workflows/test-review?version=1")).ReadObjectAsync();
        Assert.Equal("review", detail["startStep"]!.GetValue<string>());
        var route = detail["steps"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == "route")!;
        Assert.Equal("rejected", route["next"]!["Rejected"]!.GetValue<string>());
        var wait = detail["activities"]!["Core.WaitForSignal"]!;
        Assert.True(wait["isWait"]!.GetValue<bool>());
        Assert.Equal("""["Received","Timeout"]""", wait["outcomes"]!.ToJsonString());

        await (await _api.GetAsync("/api/workflows/nope")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AStartWithAFieldTheWorkflowDoesNotDeclare_Is400NamingIt_AndStartsNothing()
    {
        // A partner's typo (custmer for customer) had started the journey without the borrower's details (session 44).
        var customerId = NewCustomer();
        var problem = await (await _api.PostAsync("/api/workflows/test-review/instances", Api.Json(new { customerId, custmer = new { mobile = "9876543210" } })))
            .AssertProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(["custmer"], problem["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal("Unknown field: workflow 'test-review' takes customerId, customer. Did you mean 'customer'?", problem["errors"]!["custmer"]![0]!.GetValue<string>());
        Assert.DoesNotContain("9876543210", problem.ToJsonString(), StringComparison.Ordinal);
        var list = await (await _api.GetAsync($"/api/instances?correlationId={customerId}")).ReadObjectAsync();
        Assert.Equal(0, list["total"]!.GetValue<long>());
        var schema = await (await _api.GetAsync("/api/workflows/test-review/input-schema")).ReadObjectAsync();
        Assert.False(schema["additionalProperties"]!.GetValue<bool>());
    }

    [Fact]
    public async Task StartAnswers202WithLocation_AndTheDetailShowsWhatItWaitsFor_MaskedInput()
    {
        var customer = NewCustomer();
        var response = await _api.PostAsync("/api/workflows/test-review/instances",
            Api.Json(new { customerId = customer, customer = new { mobile = "9876543210", pan = "ABCDE1234F" } }));
        var started = await response.ReadObjectAsync();
        var id = started["id"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal($"/api/instances/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(("test-review", 1, customer), (started["workflowId"]!.GetValue<string>(), started["version"]!.GetValue<int>(), started["correlationId"]!.GetValue<string>()));

        var detail = await _api.WaitForStatusAsync(id, "Waiting");
        var waiting = Assert.Single(detail["waitingFor"]!.AsArray())!;
        Assert.Equal(("signal", "decision"), (waiting["kind"]!.GetValue<string>(), waiting["key"]!.GetValue<string>()));
        Assert.Equal("XXXXXX3210", detail["input"]!["customer"]!["mobile"]!.GetValue<string>());
        Assert.Equal("XXXXX1234F", detail["input"]!["customer"]!["pan"]!.GetValue<string>());
        Assert.NotNull(detail["waitingSince"]);
        Assert.Equal("review", detail["currentStep"]!.GetValue<string>());
    }

    [Fact]
    public async Task ABankStatementInTheInputIsShownByNameAndSize_ItsBytesNowhere()
    {
        // The personal loan's input shape (docs/journeys.md): a small statement, well under the length that marks any string a document.
        var statement = Convert.ToBase64String("%PDF-1.4 statement of account"u8.ToArray());
        var reupload = Convert.ToBase64String("%PDF-1.4 re-uploaded statement"u8.ToArray());
        var id = await _api.StartAsync("test-review", new
        {
            customerId = NewCustomer(),
            // Inside test-review's one declared object (an undeclared top-level field is refused since session 44).
            customer = new { banking = new { bankName = "HDFC", files = new[] { new { fileName = "statement-jan.pdf", contentBase64 = statement } } } },
        });

        var waiting = await _api.WaitForStatusAsync(id, "Waiting");
        var file = waiting["input"]!["customer"]!["banking"]!["files"]![0]!;
        Assert.Equal("statement-jan.pdf", file["fileName"]!.GetValue<string>());
        Assert.Equal($"[document omitted: {statement.Length} chars]", file["contentBase64"]!.GetValue<string>());

        // A re-upload arrives as a signal's payload: it is not shown either.
        var signalled = await _api.PostAsync($"/api/instances/{id}/signals/decision",
            Api.Json(new { approved = true, files = new[] { new { fileName = "statement-feb.pdf", contentBase64 = reupload } } }));
        Assert.Equal(HttpStatusCode.Accepted, signalled.StatusCode);
        await _api.WaitForStatusAsync(id, "Completed");
        // Read back unescaped: the server's JSON may write a base64 '+' or '=' as \u002B / \u003D.
        var shown = Unescaped(await _api.GetStringAsync($"/api/instances/{id}")) + Unescaped(await _api.GetStringAsync($"/api/instances/{id}/journal"));
        Assert.DoesNotContain(statement, shown, StringComparison.Ordinal);
        Assert.DoesNotContain(reupload, shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SameIdempotencyKeyReturnsTheSameInstanceWith200()
    {
        var body = new { customerId = NewCustomer() };
        using var first = new HttpRequestMessage(HttpMethod.Post, "/api/workflows/test-review/instances") { Content = Api.Json(body) };
        first.Headers.Add("Idempotency-Key", "key-" + body.customerId);
        first.Headers.Add("X-Correlation-Id", "corr-1");
        using var second = new HttpRequestMessage(HttpMethod.Post, "/api/workflows/test-review/instances") { Content = Api.Json(body) };
        second.Headers.Add("Idempotency-Key", "key-" + body.customerId);

        var a = await _api.SendAsync(first);
        var b = await _api.SendAsync(second);

        Assert.Equal(HttpStatusCode.Accepted, a.StatusCode);
        Assert.Equal(HttpStatusCode.OK, b.StatusCode);
        var firstBody = await a.ReadObjectAsync();
        Assert.Equal(firstBody["id"]!.GetValue<string>(), (await b.ReadObjectAsync())["id"]!.GetValue<string>());
        Assert.Equal("corr-1", firstBody["correlationId"]!.GetValue<string>());
    }

    // A key reused for the next borrower had answered the first borrower's journey: the second borrower never started.
    [Fact]
    public async Task SameIdempotencyKeyWithADifferentInput_Is409_AndNothingStarts()
    {
        var key = "key-" + NewCustomer();
        using var first = new HttpRequestMessage(HttpMethod.Post, "/api/workflows/test-review/instances") { Content = Api.Json(new { customerId = NewCustomer() }) };
        first.Headers.Add("Idempotency-Key", key);
        var other = NewCustomer();
        using var second = new HttpRequestMessage(HttpMethod.Post, "/api/workflows/test-review/instances") { Content = Api.Json(new { customerId = other }) };
        second.Headers.Add("Idempotency-Key", key);
        second.Headers.Add("X-Correlation-Id", other);

        var started = await _api.SendAsync(first);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var problem = await (await _api.SendAsync(second)).AssertProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal("idempotency_key_reused", problem["code"]!.GetValue<string>());
        // Session 45: named as the purged key's 409 is (the header, and the journey the key started), not only in the detail.
        Assert.Equal("Idempotency-Key", problem["header"]!.GetValue<string>());
        Assert.Equal((await started.ReadObjectAsync())["id"]!.GetValue<string>(), problem["instanceId"]!.GetValue<string>());
        Assert.Equal(0, (await (await _api.GetAsync($"/api/instances?correlationId={other}")).ReadObjectAsync())["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task AnOverlongOrMultiLineCorrelationIdOrIdempotencyKey_Is400NamingTheHeader_AndNothingStarts()
    {
        var customer = NewCustomer();
        foreach (var (header, value) in new[]
        {
            ("X-Correlation-Id", new string('c', 201)),
            ("X-Correlation-Id", "corr\tforged"),
            ("Idempotency-Key", new string('k', 201)),
            ("Idempotency-Key", "key\u0001"),
        })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/workflows/test-review/instances") { Content = Api.Json(new { customerId = customer }) };
            request.Headers.TryAddWithoutValidation(header, value);
            await (await _api.SendAsync(request)).AssertProblemAsync(HttpStatusCode.BadRequest, header);
        }

        var none = await (await _api.GetAsync($"/api/instances?correlationId={customer}")).ReadObjectAsync();
        Assert.Equal(0, none["total"]!.GetValue<int>());

        // 200 characters is the limit, not beyond it; a customer id the header would refuse is refused itself: it is the default
        // correlation id, which the borrower's erasure finds journeys by (it used to start a journey with none, session 36).
        using var longest = new HttpRequestMessage(HttpMethod.Post, "/api/workflows/test-review/instances") { Content = Api.Json(new { customerId = customer }) };
        longest.Headers.Add("X-Correlation-Id", new string('c', 200));
        var started = await (await _api.SendAsync(longest)).ReadObjectAsync();
        Assert.Equal(new string('c', 200), started["correlationId"]!.GetValue<string>());
        var multiLine = await _api.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/workflows/test-review/instances") { Content = Api.Json(new { customerId = customer + "\nforged" }) });
        await multiLine.AssertProblemAsync(HttpStatusCode.BadRequest, "customerId");
    }

    [Fact]
    public async Task SignalResumesTheJourneyToItsOutcome_AndExposesThePartnerBlock()
    {
        var customer = NewCustomer();
        var id = await _api.StartAsync("test-review", new { customerId = customer });
        await _api.WaitForStatusAsync(id, "Waiting");

        var signalled = await _api.PostAsync($"/api/instances/{id}/signals/decision", Api.Json(new { approved = true }));
        Assert.Equal(HttpStatusCode.Accepted, signalled.StatusCode);

        var done = await _api.WaitForStatusAsync(id, "Completed");
        Assert.Equal("Disbursed", done["outcome"]!.GetValue<string>());
        Assert.Equal($"https://partner.example/session/{customer}", done["partner"]!["sessionUrl"]!.GetValue<string>());
        Assert.Equal(["review", "route", "share", "disbursed"], done["steps"]!.AsArray().Select(s => s!["stepId"]!.GetValue<string>()));
        Assert.All(done["steps"]!.AsArray(), s => Assert.Equal("Completed", s!["status"]!.GetValue<string>()));

        var journal = await (await _api.GetAsync($"/api/instances/{id}/journal?take=500")).ReadObjectAsync();
        var kinds = journal["items"]!.AsArray().Select(e => e!["kind"]!.GetValue<string>()).ToList();
        Assert.Equal("InstanceStarted", kinds[0]);
        Assert.Contains("SignalReceived", kinds);
        Assert.Equal("InstanceCompleted", kinds[^1]);
        Assert.Equal(kinds.Count, journal["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task SignalTheInstanceDoesNotWaitForIs409()
    {
        var id = await _api.StartAsync("test-review", new { customerId = NewCustomer() });
        await _api.WaitForStatusAsync(id, "Waiting");

        var problem = await (await _api.PostAsync($"/api/instances/{id}/signals/otp", Api.Json(new { otp = "123456" }))).AssertProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal("signal_not_expected", problem["code"]!.GetValue<string>());
        Assert.Equal("""["decision"]""", problem["expected"]!.ToJsonString());
    }

    [Fact]
    public async Task CancelEndsTheJourney_AndCancellingAgainIs409()
    {
        var id = await _api.StartAsync("test-review", new { customerId = NewCustomer() });
        await _api.WaitForStatusAsync(id, "Waiting");

        await _api.CancelAndWaitAsync(id, "test");

        await (await _api.PostAsync($"/api/instances/{id}/cancel", Api.Json(new { reason = "again" }))).AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task RetryWithoutAnIncidentIs409_AndSkipWithoutOneToo()
    {
        var id = await _api.StartAsync("test-review", new { customerId = NewCustomer() });

        var retry = await (await _api.PostAsync($"/api/instances/{id}/incident/retry", null)).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await _api.PostAsync($"/api/instances/{id}/incident/skip", Api.Json(new { outcome = "Received", reason = "test" }))).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("already_under_way", retry["code"]!.GetValue<string>()); // a waiting journey: nothing to retry, it is under way (session 48)
    }

    [Fact]
    public async Task FaultedJourneyShowsItsIncident_RetryFaultsAgain_SkipToAValidOutcomeCompletesIt()
    {
        var id = await _api.StartAsync("test-fault", new { delay = "not-a-duration" });
        var faulted = await _api.WaitForStatusAsync(id, "Faulted");
        Assert.True(faulted["hasIncident"]!.GetValue<bool>());
        Assert.Equal("pause", faulted["incident"]!["stepId"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.Accepted, (await _api.PostAsync($"/api/instances/{id}/incident/retry", null)).StatusCode);
        await _api.WaitForStatusAsync(id, "Faulted");

        await (await _api.PostAsync($"/api/instances/{id}/incident/skip", Api.Json(new { outcome = "Nope", reason = "test" }))).AssertProblemAsync(HttpStatusCode.BadRequest, "outcome");
        await (await _api.PostAsync($"/api/instances/{id}/incident/skip", Api.Json(new { reason = "test" }))).AssertProblemAsync(HttpStatusCode.BadRequest, "outcome");
        Assert.Equal(HttpStatusCode.Accepted, (await _api.PostAsync($"/api/instances/{id}/incident/skip", Api.Json(new { outcome = "Done", reason = "test" }))).StatusCode);
        var done = await _api.WaitForStatusAsync(id, "Completed");
        Assert.Equal("Done", done["outcome"]!.GetValue<string>());
    }

    [Fact]
    public async Task CancellingAFaultedJourneyShowsItsFaultedStepCancelled_WithItsErrorKept()
    {
        var id = await _api.StartAsync("test-fault", new { delay = "not-a-duration" });
        var faulted = await _api.WaitForStatusAsync(id, "Faulted");
        var error = faulted["steps"]!.AsArray().Single(s => s!["stepId"]!.GetValue<string>() == "pause")!["error"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.Accepted, (await _api.PostAsync($"/api/instances/{id}/cancel", Api.Json(new { reason = "test" }))).StatusCode);
        var cancelled = await _api.WaitForStatusAsync(id, "Cancelled");

        var pause = cancelled["steps"]!.AsArray().Single(s => s!["stepId"]!.GetValue<string>() == "pause")!;
        Assert.Equal(("Cancelled", error), (pause["status"]!.GetValue<string>(), pause["error"]!.GetValue<string>()));
    }

    [Fact]
    public async Task BulkCancelReportsEachInstance()
    {
        var a = await _api.StartAsync("test-review", new { customerId = NewCustomer() });
        var b = await _api.StartAsync("test-review", new { customerId = NewCustomer() });
        await _api.WaitForStatusAsync(a, "Waiting");
        await _api.WaitForStatusAsync(b, "Waiting");

        var response = await _api.PostAsync("/api/instances/bulk/cancel", Api.Json(new { ids = new[] { a, b, "missing" }, reason = "test" }));
        var results = (await response.ReadObjectAsync())["results"]!.AsArray();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([true, true, false], results.Select(r => r!["ok"]!.GetValue<bool>()));
        Assert.Equal("instance_not_found", results[2]!["code"]!.GetValue<string>());
        await (await _api.PostAsync("/api/instances/bulk/retry", Api.Json(new { ids = Array.Empty<string>() }))).AssertProblemAsync(HttpStatusCode.BadRequest, "ids");
    }

    [Fact]
    public async Task ListFiltersByEveryField_SortsPages_AndCountsByStatus()
    {
        var correlation = "LIST-" + Guid.NewGuid().ToString("N")[..6];
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/workflows/test-review/instances") { Content = Api.Json(new { customerId = NewCustomer() }) };
            request.Headers.Add("X-Correlation-Id", correlation);
            ids.Add((await (await _api.SendAsync(request)).ReadObjectAsync())["id"]!.GetValue<string>());
        }

        foreach (var id in ids)
        {
            await _api.WaitForStatusAsync(id, "Waiting");
        }

        await _api.PostAsync($"/api/instances/{ids[0]}/signals/decision", Api.Json(new { approved = false }));
        await _api.WaitForStatusAsync(ids[0], "Completed");

        // The two waiting by creation, then the second of them by skip. Two starts sent one after the other can share a millisecond
        // (ids are UUIDv7, random within one; session 54's faster starts made it happen in CI): the order the list gives them is
        // by createdAt, then id, so the expected page is read from the whole list, and the ids must be the two waiting ones.
        var bothWaiting = (await (await _api.GetAsync($"/api/instances?correlationId={correlation}&status=Waiting&sort=createdAt&order=asc&take=2")).ReadObjectAsync())["items"]!.AsArray();
        Assert.Equal(new[] { ids[1], ids[2] }.Order(), bothWaiting.Select(i => i!["id"]!.GetValue<string>()).Order());
        Assert.True(bothWaiting[0]!["createdAt"]!.GetValue<DateTimeOffset>() <= bothWaiting[1]!["createdAt"]!.GetValue<DateTimeOffset>());
        var waiting = await (await _api.GetAsync($"/api/instances?correlationId={correlation}&status=Waiting&sort=createdAt&order=asc&take=1&skip=1")).ReadObjectAsync();
        Assert.Equal(2, waiting["total"]!.GetValue<int>());
        Assert.Equal(bothWaiting[1]!["id"]!.GetValue<string>(), Assert.Single(waiting["items"]!.AsArray())!["id"]!.GetValue<string>());
        Assert.Equal(2, waiting["countsByStatus"]!["Waiting"]!.GetValue<int>());
        Assert.Equal(1, waiting["countsByStatus"]!["Completed"]!.GetValue<int>());

        var rejected = await (await _api.GetAsync($"/api/instances?correlationId={correlation}&outcome=Rejected&hasIncident=false&status=Completed,Waiting")).ReadObjectAsync();
        Assert.Equal(ids[0], Assert.Single(rejected["items"]!.AsArray())!["id"]!.GetValue<string>());

        // Keyset paging: the first page's "next" continues the same list; the last page has none.
        var first = await (await _api.GetAsync($"/api/instances?correlationId={correlation}&order=asc&take=2")).ReadObjectAsync();
        var next = first["next"]!.GetValue<string>();
        var second = await (await _api.GetAsync($"/api/instances?correlationId={correlation}&order=asc&take=2&after={Uri.EscapeDataString(next)}")).ReadObjectAsync();
        Assert.Equal(3, second["total"]!.GetValue<int>());
        Assert.Single(second["items"]!.AsArray());
        Assert.Equal(ids.Order(), first["items"]!.AsArray().Concat(second["items"]!.AsArray()).Select(i => i!["id"]!.GetValue<string>()).Order());
        Assert.Null(second["next"]);

        var longWaits = await (await _api.GetAsync($"/api/instances?correlationId={correlation}&waitingLongerThan=3600")).ReadObjectAsync();
        Assert.Equal(0, longWaits["total"]!.GetValue<int>());

        var future = Uri.EscapeDataString(DateTimeOffset.UnixEpoch.AddYears(200).ToString("O"));
        var none = await (await _api.GetAsync($"/api/instances?correlationId={correlation}&createdFrom={future}&sort=updatedAt")).ReadObjectAsync();
        Assert.Equal(0, none["total"]!.GetValue<int>());
    }
}
