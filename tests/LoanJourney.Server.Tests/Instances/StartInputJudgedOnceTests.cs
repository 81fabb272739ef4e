using System.Net;
using LoanJourney.Engine.Definitions;
using LoanJourney.Engine.Runtime;
using LoanJourney.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LoanJourney.Server.Tests.Instances;

/// <summary>
/// A start through the API evaluates the workflow's input schema once (round 61, docs/PERFORMANCE.md): the server judges the
/// input against the version (its 400 names the schema's errors beside its own checks, before the idempotency key is looked up)
/// and passes the engine's judgement with the start, which the engine accepts for that node and that version only. It was
/// evaluated twice, in the handler and again in <c>WorkflowClient.StartAsync</c>, ~31.7 KB each. Counted per compiled version
/// (<c>WorkflowInputSchema.EvaluationsOf</c>), never timed; this class's server is its own, so no other test starts on it.
/// </summary>
public sealed class StartInputJudgedOnceTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    private readonly HttpClient _api = factory.CreateApiClient();

    private static string NewCustomer() => "CUST-" + Guid.NewGuid().ToString("N")[..8];

    private CompiledWorkflow Latest(string workflowId) => factory.Services.GetRequiredService<WorkflowDefinitionCatalog>().GetLatest(workflowId);

    [Fact]
    public async Task AnApiStart_EvaluatesTheInputSchemaOnce_AndARefusedOneOnce()
    {
        var workflow = Latest("test-review");
        var before = WorkflowInputSchema.EvaluationsOf(workflow);

        var started = await _api.PostAsync("/api/workflows/test-review/instances", Api.Json(new { customerId = NewCustomer() }));
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var afterStart = WorkflowInputSchema.EvaluationsOf(workflow);
        Assert.True(afterStart - before == 1, $"an API start evaluated the input schema {afterStart - before} times; once is the engine's judgement, passed with the start");

        // A refused input is judged once too (the list output's second evaluation is inside that one judgement) and starts nothing.
        var customerId = NewCustomer();
        await (await _api.PostAsync("/api/workflows/test-review/instances", Api.Json(new { customerId, custmer = new { } })))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "custmer");
        Assert.Equal(1, WorkflowInputSchema.EvaluationsOf(workflow) - afterStart);
        Assert.Equal(0, (await (await _api.GetAsync($"/api/instances?correlationId={customerId}")).ReadObjectAsync())["total"]!.GetValue<int>());
    }

    // The input is judged before the key is looked up, as it always was: a replay of a key with a bad input is that input's 400
    // (naming its fields), not the first journey's 200 or a 409, and starts nothing.
    [Fact]
    public async Task AReplayOfAKeyWithABadInput_Is400NamingTheField_AsBefore()
    {
        var key = "key-" + NewCustomer();
        var customerId = NewCustomer();
        using var first = new HttpRequestMessage(HttpMethod.Post, "/api/workflows/test-review/instances") { Content = Api.Json(new { customerId }) };
        first.Headers.Add("Idempotency-Key", key);
        Assert.Equal(HttpStatusCode.Accepted, (await _api.SendAsync(first)).StatusCode);

        using var replay = new HttpRequestMessage(HttpMethod.Post, "/api/workflows/test-review/instances") { Content = Api.Json(new { customerId = 7 }) };
        replay.Headers.Add("Idempotency-Key", key);
        var problem = await (await _api.SendAsync(replay)).AssertProblemAsync(HttpStatusCode.BadRequest, "customerId");

        Assert.Equal(["customerId"], problem["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(1, (await (await _api.GetAsync($"/api/instances?correlationId={customerId}")).ReadObjectAsync())["total"]!.GetValue<int>());
    }
}
