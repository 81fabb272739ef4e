using System.Net;
using System.Text.Json.Nodes;
using LoanJourney.Server.Tests.Support;

namespace LoanJourney.Server.Tests;

public sealed class OpenApiDocumentTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    [Fact]
    public async Task EveryApiAndWebhookOperationDeclaresItsProblemAnswers()
    {
        var document = await DocumentAsync();

        var operations = document["paths"]!.AsObject()
            .Where(p => p.Key.StartsWith("/api/", StringComparison.Ordinal) || p.Key.StartsWith("/webhooks/", StringComparison.Ordinal))
            .SelectMany(p => p.Value!.AsObject().Where(o => o.Value?["responses"] is not null).Select(o => (Name: $"{o.Key} {p.Key}", Responses: o.Value!["responses"]!.AsObject())))
            .ToList();

        Assert.NotEmpty(operations);
        Assert.DoesNotContain(document["paths"]!.AsObject(), p => p.Key.StartsWith("/sandbox", StringComparison.Ordinal));
        foreach (var (name, responses) in operations)
        {
            var problems = responses.Where(r => r.Key[0] is '4' or '5').ToList();
            // Asking whether one is signed in, and signing out, answer 200/204 to anyone by design (docs/api.md).
            Assert.True(problems.Count > 0 || name is "get /api/session" or "delete /api/session", $"{name} declares no 4xx answer.");
            foreach (var (status, response) in problems)
            {
                var content = response!["content"]!.AsObject();
                Assert.Equal(["application/problem+json"], content.Select(c => c.Key));
                Assert.Equal("#/components/schemas/ProblemDetails", content["application/problem+json"]!["schema"]!["$ref"]!.GetValue<string>());
                Assert.True(status is "400" or "401" or "403" or "404" or "409" or "413" or "415" or "422" or "503", $"{name}: {status}");
            }
        }

        // Every /api endpoint needs a role, Viewer at least: a principal without one (a bearer token with no role claim)
        // is refused with 403. Signing in and out need none.
        Assert.All(operations.Where(o => o.Name.Contains(" /api/", StringComparison.Ordinal) && !o.Name.EndsWith(" /api/session", StringComparison.Ordinal)),
            o => Assert.True(o.Responses.ContainsKey("403"), $"{o.Name} does not declare its 403"));

        var problem = document["components"]!["schemas"]!["ProblemDetails"]!["properties"]!;
        Assert.NotNull(problem["code"]);
        Assert.Equal("array", problem["errors"]!["additionalProperties"]!["type"]!.GetValue<string>());
    }

    // Session 45's repair audit: an operation that reads a JSON body answers 413 (too large) and 415 (not JSON) as problem
    // details, and says so. The incident retry (its optional {"reason"}) declared neither, where cancel, the confirms and
    // bulk do; a client generated from the document had no type for either answer. The only writes that read no body are
    // signing in and the erasure's dry run.
    [Fact]
    public async Task EveryOperationThatReadsABody_Declares413And415()
    {
        var document = await DocumentAsync();
        var writes = document["paths"]!.AsObject()
            .Where(p => p.Key.StartsWith("/api/", StringComparison.Ordinal))
            .SelectMany(p => p.Value!.AsObject().Where(o => o.Key is "post" or "put" && o.Value?["responses"] is not null).Select(o => (Name: $"{o.Key} {p.Key}", Responses: o.Value!["responses"]!.AsObject())))
            .Where(o => o.Name is not ("post /api/session" or "post /api/borrowers/{customerId}/erasure/dry-run"))
            .ToList();
        Assert.Contains(writes, o => o.Name == "post /api/instances/{id}/incident/retry");
        Assert.Contains(writes, o => o.Name == "post /api/instances/bulk/retry");
        Assert.All(writes, o => Assert.True(o.Responses.ContainsKey("413") && o.Responses.ContainsKey("415"), $"{o.Name} does not declare 413 and 415"));

        // What the retry declares is what it answers: its body is read (and refused) before the journey is looked up.
        using var api = factory.CreateApiClient();
        var notJson = await api.PostAsync("/api/instances/no-such-journey/incident/retry", new StringContent("lender back up", System.Text.Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notJson.StatusCode);
        var large = await api.PostAsync("/api/instances/no-such-journey/incident/retry", Api.Json(new { reason = new string('x', 2_000_000) }));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
    }

    // Session 45's partner walk: the X-Api-Key scheme was declared in components and required by no operation, so a client
    // generated from the document (or Swagger UI's Authorize) sent no key and every /api call was a 401. Every /api operation
    // takes it, the per-workflow starts too; the session's read and sign-out take it or nothing; webhooks take none.
    [Fact]
    public async Task EveryApiOperationTakesTheApiKeyScheme_WebhooksNone()
    {
        var document = await DocumentAsync();
        Assert.Equal("X-Api-Key", document["components"]!["securitySchemes"]!["ApiKey"]!["name"]!.GetValue<string>());

        var operations = document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Where(o => o.Value?["responses"] is not null).Select(o => (Path: p.Key, Name: $"{o.Key} {p.Key}", Operation: o.Value!)))
            .ToList();
        Assert.Contains(operations, o => o.Path == "/api/workflows/test-review/instances");
        foreach (var (path, name, operation) in operations)
        {
            var security = operation["security"]?.AsArray().Select(r => string.Join(",", r!.AsObject().Select(s => s.Key))).ToList() ?? [];
            if (!path.StartsWith("/api/", StringComparison.Ordinal))
            {
                Assert.True(security.Count == 0, $"{name} takes {string.Join(" | ", security)}");
            }
            else if (name is "get /api/session" or "delete /api/session")
            {
                Assert.Equal(["ApiKey", ""], security);
            }
            else
            {
                Assert.True(security.SequenceEqual(["ApiKey"]), $"{name} takes [{string.Join(" | ", security)}]");
            }
        }
    }

    // The 503 store_unavailable answer (docs/api.md, "Errors") was in no operation of the document, so a generated client
    // had no type for it. Every operation that reads or writes the store declares it, with its Retry-After header: every
    // webhook, and every /api operation, since even one answered from memory checks a session cookie against the store's
    // sign-outs (docs/server.md, "Sessions").
    [Fact]
    public async Task EveryOperationThatTouchesTheStoreDeclares503StoreUnavailable()
    {
        var document = await DocumentAsync();

        var operations = document["paths"]!.AsObject()
            .Where(p => p.Key.StartsWith("/api/", StringComparison.Ordinal) || p.Key.StartsWith("/webhooks/", StringComparison.Ordinal))
            .SelectMany(p => p.Value!.AsObject().Select(o => (Name: $"{o.Key} {p.Key}", Responses: o.Value!["responses"]!.AsObject())))
            .ToList();

        Assert.True(operations.Count > 40, $"only {operations.Count} operations");
        foreach (var (name, responses) in operations)
        {
            Assert.True(responses.ContainsKey("503"), $"{name} touches the store and does not declare 503.");
            var unavailable = responses["503"]!;
            Assert.Equal("#/components/schemas/ProblemDetails", unavailable["content"]!["application/problem+json"]!["schema"]!["$ref"]!.GetValue<string>());
            Assert.Contains("store_unavailable", unavailable["description"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal("integer", unavailable["headers"]!["Retry-After"]!["schema"]!["type"]!.GetValue<string>());
        }
    }

    // Session 44: a workflow whose file did not load (workflow_unloadable), a stored version this build cannot compile
    // (version_unloadable) and a redacted journey's Idempotency-Key (idempotency_key_purged) were answered with a 409 that the
    // definition and input-schema reads did not declare at all, and the start declared with no code; nor did the problem
    // schema carry their members.
    [Theory]
    [InlineData("/api/workflows/{id}", "get", "workflow_unloadable version_unloadable")]
    [InlineData("/api/workflows/{id}/input-schema", "get", "workflow_unloadable version_unloadable")]
    [InlineData("/api/workflows/{workflowId}/instances", "post", "workflow_unloadable version_unloadable idempotency_key_purged idempotency_key_reused")]
    [InlineData("/api/workflows/test-review/instances", "post", "workflow_unloadable version_unloadable idempotency_key_purged idempotency_key_reused")]
    public async Task TheWorkflowReadsAndTheStart_Declare409_WithTheCodesTheyAnswer(string path, string method, string codes)
    {
        var document = await DocumentAsync();

        var conflict = document["paths"]![path]![method]!["responses"]!["409"]
            ?? throw new Xunit.Sdk.XunitException($"{method} {path} does not declare 409");
        Assert.Equal("#/components/schemas/ProblemDetails", conflict["content"]!["application/problem+json"]!["schema"]!["$ref"]!.GetValue<string>());
        foreach (var code in codes.Split(' '))
        {
            Assert.Contains(code, conflict["description"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        var problem = document["components"]!["schemas"]!["ProblemDetails"]!["properties"]!;
        Assert.Equal("array", problem["problems"]!["type"]!.GetValue<string>());
        Assert.NotNull(problem["problems"]!["items"]!["properties"]!["field"]);
        Assert.Equal("date-time", problem["purgedAt"]!["format"]!.GetValue<string>());
        Assert.NotNull(problem["workflowId"]);
        Assert.NotNull(problem["instanceId"]);
    }

    [Fact]
    public async Task EachWorkflowHasATypedStartOperationBuiltFromItsInputFields()
    {
        var document = await DocumentAsync();

        var start = document["paths"]!["/api/workflows/test-review/instances"]!["post"]!;
        Assert.Equal("startTestReview", start["operationId"]!.GetValue<string>());
        Assert.Equal("#/components/schemas/TestReviewStartInput", start["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
        Assert.Contains(start["parameters"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "Idempotency-Key");
        Assert.NotNull(start["responses"]!["400"]);
        var input = document["components"]!["schemas"]!["TestReviewStartInput"]!;
        Assert.Equal("""["customerId"]""", input["required"]!.ToJsonString());
        Assert.Equal("string", input["properties"]!["customerId"]!["type"]!.GetValue<string>());
        Assert.Equal("Customer id", input["properties"]!["customerId"]!["description"]!.GetValue<string>());
        Assert.Equal("object", document["components"]!["schemas"]!["WebhookPayload"]!["type"]!.GetValue<string>());
        Assert.NotNull(document["paths"]!["/webhooks/finbox"]!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]);
    }

    // Session 54: every signal's body was any object; the signals an activity declares its fields for are typed, the OTP's as
    // its digits (what OtpFormTests asserts the server takes), beside the generic signal that still serves every signal.
    [Fact]
    public async Task TheSignalsActivitiesDeclare_HaveTypedOperations_TheOtpsADigitString()
    {
        var document = await DocumentAsync();

        var otp = document["paths"]!["/api/instances/{id}/signals/otp"]!["post"]!;
        Assert.Equal("signalOtp", otp["operationId"]!.GetValue<string>());
        Assert.Equal("#/components/schemas/OtpSignal", otp["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
        Assert.Equal(["id"], otp["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()));
        Assert.NotNull(otp["responses"]!["400"]);
        Assert.NotNull(otp["responses"]!["409"]);
        var body = document["components"]!["schemas"]!["OtpSignal"]!;
        Assert.Equal("""["otp"]""", body["required"]!.ToJsonString());
        Assert.False(body["additionalProperties"]!.GetValue<bool>());
        Assert.Equal("string", body["properties"]!["otp"]!["type"]!.GetValue<string>());
        Assert.Equal("^(?:[0-9]{4,8})$", body["properties"]!["otp"]!["pattern"]!.GetValue<string>());

        var shipment = document["components"]!["schemas"]!["ShipmentSignal"]!;
        Assert.Equal("number", shipment["properties"]!["amount"]!["type"]!.GetValue<string>());
        Assert.DoesNotContain("amount", shipment["required"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal("#/components/schemas/ReuploadStatementSignal", document["paths"]!["/api/instances/{id}/signals/reupload-statement"]!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
        Assert.NotNull(document["paths"]!["/api/instances/{id}/signals/{name}"]!["post"]);
    }

    [Fact]
    public async Task InputSchemaIsServedPerVersionAndUnknownOnesAre404()
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ServerFactory.ApiKey);

        var latest = await client.GetAsync("/api/workflows/test-review/input-schema");
        var v1 = await client.GetAsync("/api/workflows/test-review/input-schema?version=1");
        var schema = JsonNode.Parse(await latest.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, latest.StatusCode);
        Assert.Equal("application/schema+json", latest.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, v1.StatusCode);
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", schema["$schema"]!.GetValue<string>());
        Assert.Equal("""["object","null"]""", schema["properties"]!["customer"]!["type"]!.ToJsonString());
        await (await client.GetAsync("/api/workflows/nope/input-schema")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync("/api/workflows/test-review/input-schema?version=99")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task StartAnswersSchemaAndFormatErrorsInOneProblemNamingEachField()
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ServerFactory.ApiKey);

        var response = await client.PostAsync("/api/workflows/test-review/instances",
            Api.Json("""{ "customerId": 5, "customer": { "mobile": "12345" } }"""));
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "customerId");

        Assert.Equal(["customerId", "customer.mobile"], problem["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal("'customerId' must be string, not number.", problem["errors"]!["customerId"]![0]!.GetValue<string>());
    }

    private async Task<JsonObject> DocumentAsync() =>
        JsonNode.Parse(await factory.CreateClient().GetStringAsync("/openapi/v1.json"))!.AsObject();
}
