using System.Net;
using System.Text.Json.Nodes;
using LoanJourney.Server.Tests.Support;

namespace LoanJourney.Server.Tests.Design;

/// <summary>
/// Files in the definitions directory that do not load (invalid JSON, an unknown activity, a broken transition, a bad input
/// field, two files with one id and version, a binding the designer's publish refuses): the server starts and serves the
/// others, <c>GET /api/workflows</c> names each file, step and field, a start of such a workflow is a problem naming it and
/// its file, and a journey waiting on a version stored before goes on (docs/journeys.md, "Files in workflows/").
/// </summary>
public sealed class WorkflowFileLoadTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "lj-wfload-" + Guid.NewGuid().ToString("N"));

    public WorkflowFileLoadTests()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "workflows"));
        Directory.CreateDirectory(Path.Combine(_directory, "data"));
    }

    private string Workflows => Path.Combine(_directory, "workflows");

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    // A workflow that waits for the signal "go" and ends "Done"; each bad file below changes one thing in it.
    private static JsonObject Workflow(string id, int version = 1) => JsonNode.Parse($$"""
        {
          "id": "{{id}}", "version": {{version}}, "title": "{{id}}",
          "input": [ { "name": "kind", "type": "String", "required": true } ],
          "variables": { "seen": null },
          "start": "wait",
          "steps": [
            { "id": "wait", "activity": "Core.WaitForSignal", "inputs": { "signal": "go" }, "next": { "Received": "done", "Timeout": "done" } },
            { "id": "done", "activity": "Core.End", "inputs": { "outcome": "Done" } }
          ]
        }
        """)!.AsObject();

    private void Write(string file, JsonObject definition) => File.WriteAllText(Path.Combine(Workflows, file), definition.ToJsonString());

    private static JsonObject Step(JsonObject definition, int index) => definition["steps"]![index]!.AsObject();

    // One file per kind of mistake, and the error each must be listed with (file, workflow, step, field, code).
    private void WriteBadFiles()
    {
        Write("good-one.json", Workflow("good-one"));

        var unknownActivity = Workflow("unknown-activity");
        Step(unknownActivity, 0)["activity"] = "Core.WaitForSignl";
        Write("unknown-activity.json", unknownActivity);

        var brokenTransition = Workflow("broken-transition");
        Step(brokenTransition, 0)["next"]!["Received"] = "finish";
        Write("broken-transition.json", brokenTransition);

        var badInputType = Workflow("bad-input-type");
        badInputType["input"]![0]!["type"] = "Strng";
        Write("bad-input-type.json", badInputType);

        var duplicateInput = Workflow("dup-input");
        duplicateInput["input"]!.AsArray().Add(JsonNode.Parse("""{ "name": "kind", "type": "Number" }"""));
        Write("dup-input.json", duplicateInput);

        // Loads with the file checks of main, but the designer's publish refuses it: the wait step declares no output "nope".
        Write("draft-only.json", UndeclaredOutput("draft-only"));

        // Not JSON on its second line: the error says where (session 44: it named the field "body").
        File.WriteAllText(Path.Combine(Workflows, "bad-json.json"), "{ \"id\": \"bad-json\", \"version\": 1,\n  \"steps\": [ { \"id\": 'a' } ] }");

        // Two files with one id and version and different content; the copy's name sorts first.
        Write("twin.json", Workflow("twin"));
        var copy = Workflow("twin");
        copy["title"] = "A copy whose id was not changed";
        Write("a-twin-copy.json", copy);
    }

    private static JsonObject UndeclaredOutput(string id, int version = 1)
    {
        var definition = Workflow(id, version);
        Step(definition, 0)["next"]!["Received"] = "remember";
        definition["steps"]!.AsArray().Insert(1, JsonNode.Parse("""
            { "id": "remember", "activity": "Core.SetVariable", "inputs": { "name": "seen", "value": "$steps.wait.output.nope" }, "next": { "Done": "done" } }
            """));
        return definition;
    }

    private ServerFactory Server() => new(new Dictionary<string, string?>
    {
        ["Engine:DefinitionsDirectory"] = Workflows,
        ["Engine:DatabasePath"] = Path.Combine(_directory, "data", "server.db"),
        ["Server:DataProtectionKeysPath"] = Path.Combine(_directory, "data", "keys"),
    });

    [Fact]
    public async Task FilesThatDoNotLoad_AreListedWithTheirFileStepAndField_AndTheOtherWorkflowsStart()
    {
        WriteBadFiles();
        using var factory = Server();
        using var client = factory.CreateApiClient();

        var list = await (await client.GetAsync("/api/workflows")).ReadObjectAsync();
        var ids = list["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(["good-one"], ids);

        var errors = list["loadErrors"]!.AsArray().Select(e => e!.AsObject()).ToList();
        JsonObject ErrorOf(string file) => errors.SingleOrDefault(e => e["file"]!.GetValue<string>() == file)
            ?? throw new Xunit.Sdk.XunitException($"No load error for {file} in {list["loadErrors"]!.ToJsonString()}");
        void AssertError(string file, string? workflowId, string? stepId, string? field, string code)
        {
            var error = ErrorOf(file);
            Assert.Equal(workflowId, error["workflowId"]?.GetValue<string>());
            Assert.Equal(stepId, error["stepId"]?.GetValue<string>());
            Assert.Equal(field, error["field"]?.GetValue<string>());
            Assert.Equal(code, error["code"]!.GetValue<string>());
        }

        AssertError("unknown-activity.json", "unknown-activity", "wait", "activity", "UnknownActivity");
        AssertError("broken-transition.json", "broken-transition", "wait", "next.Received", "UnknownStep");
        AssertError("bad-input-type.json", "bad-input-type", null, "input[0].type", "CorruptFile");
        AssertError("dup-input.json", "dup-input", null, "input[1].name", "DuplicateInput");
        AssertError("draft-only.json", "draft-only", "remember", "inputs.value", "BadBinding");
        AssertError("twin.json", "twin", null, "id", "VersionConflict");
        AssertError("a-twin-copy.json", "twin", null, "id", "VersionConflict");
        Assert.Contains("a-twin-copy.json", ErrorOf("twin.json")["message"]!.GetValue<string>(), StringComparison.Ordinal);
        // Its id, read up to where the JSON broke (session 45: null, though the 409 below took it from the file's name).
        AssertError("bad-json.json", "bad-json", null, "line 2, position 22", "CorruptFile");
        Assert.StartsWith("Not valid JSON at line 2, position 22: ''' is an invalid start of a value.", ErrorOf("bad-json.json")["message"]!.GetValue<string>(), StringComparison.Ordinal);

        var id = await client.StartAsync("good-one", new { kind = "a" });
        await client.WaitForStatusAsync(id, "Waiting");
    }

    [Theory]
    [InlineData("unknown-activity", "unknown-activity.json", "activity")]
    [InlineData("broken-transition", "broken-transition.json", "next.Received")]
    [InlineData("bad-input-type", "bad-input-type.json", "input[0].type")]
    [InlineData("dup-input", "dup-input.json", "input[1].name")]
    [InlineData("draft-only", "draft-only.json", "inputs.value")]
    [InlineData("bad-json", "bad-json.json", "line 2, position 22")]
    [InlineData("twin", "a-twin-copy.json", "id")]
    public async Task StartingAWorkflowWhoseFileDidNotLoad_IsAProblemNamingTheWorkflowAndTheFile(string workflowId, string file, string? field)
    {
        WriteBadFiles();
        using var factory = Server();
        using var client = factory.CreateApiClient();

        var response = await client.PostAsync($"/api/workflows/{workflowId}/instances", Api.Json(new { kind = "a" }));
        var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("workflow_unloadable", problem["code"]!.GetValue<string>());
        Assert.Equal(workflowId, problem["workflowId"]!.GetValue<string>());
        var detail = problem["detail"]!.GetValue<string>();
        Assert.Contains($"'{workflowId}'", detail, StringComparison.Ordinal);
        Assert.Contains(file, detail, StringComparison.Ordinal);
        if (field is not null)
        {
            Assert.Contains($"field '{field}'", detail, StringComparison.Ordinal);
            Assert.Contains(problem["problems"]!.AsArray(), p => p!["field"]?.GetValue<string>() == field);
        }

        // Its definition and input schema say the same, never a 500 or "not found".
        await (await client.GetAsync($"/api/workflows/{workflowId}")).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await client.GetAsync($"/api/workflows/{workflowId}/input-schema")).AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public void WithFailOnDefinitionErrors_TheServerRefusesToStart_NamingEveryFileStepAndField()
    {
        // Walk 44: with the setting on and bad files the server started anyway (the load is lazy) and answered 409/500.
        WriteBadFiles();
        using var factory = new ServerFactory(new Dictionary<string, string?>
        {
            ["Engine:DefinitionsDirectory"] = Workflows,
            ["Engine:DatabasePath"] = Path.Combine(_directory, "data", "server.db"),
            ["Server:DataProtectionKeysPath"] = Path.Combine(_directory, "data", "keys"),
            ["Engine:FailOnDefinitionErrors"] = "true",
        });

        var refused = Assert.ThrowsAny<Exception>(() => factory.CreateApiClient());
        var messages = string.Join(" | ", Causes(refused).Select(e => e.Message));
        var line = Assert.Single(Causes(refused), e => e.Message.StartsWith("Engine:FailOnDefinitionErrors is set", StringComparison.Ordinal)).Message;
        Assert.True(line.Contains("unknown-activity.json", StringComparison.Ordinal) && line.Contains("'activity'", StringComparison.Ordinal)
            && line.Contains("broken-transition.json", StringComparison.Ordinal) && line.Contains("bad-input-type.json", StringComparison.Ordinal)
            && line.Contains("input[0].type", StringComparison.Ordinal) && line.Contains("bad-json.json", StringComparison.Ordinal)
            && !line.Contains("good-one.json", StringComparison.Ordinal), messages);

        static IEnumerable<Exception> Causes(Exception e)
        {
            for (Exception? c = e; c is not null; c = c.InnerException)
            {
                yield return c;
                if (c is AggregateException aggregate)
                {
                    foreach (var inner in aggregate.InnerExceptions.SelectMany(Causes))
                    {
                        yield return inner;
                    }
                }
            }
        }
    }

    [Fact]
    public async Task AJourneyWaitingOnAStoredVersion_GoesOn_WhenTheFileOfItsNextVersionDoesNotPassThePublishChecks()
    {
        Write("good-one.json", Workflow("good-one"));
        string id;
        using (var first = Server())
        {
            using var client = first.CreateApiClient();
            id = await client.StartAsync("good-one", new { kind = "a" });
            await client.WaitForStatusAsync(id, "Waiting");
        }

        // The file becomes version 2 with a binding the designer would refuse to publish.
        Write("good-one.json", UndeclaredOutput("good-one", version: 2));
        using (var second = Server())
        {
            using var client = second.CreateApiClient();
            var list = await (await client.GetAsync("/api/workflows")).ReadObjectAsync();
            var item = Assert.Single(list["items"]!.AsArray());
            Assert.Equal(1, item!["latestVersion"]!.GetValue<int>());
            var error = Assert.Single(list["loadErrors"]!.AsArray());
            Assert.Equal("good-one.json", error!["file"]!.GetValue<string>());
            Assert.Equal("inputs.value", error["field"]?.GetValue<string>());

            (await client.PostAsync($"/api/instances/{id}/signals/go", Api.Json(new { }))).EnsureSuccessStatusCode();
            var done = await client.WaitForStatusAsync(id, "Completed");
            Assert.Equal("Done", done["outcome"]!.GetValue<string>());
            Assert.Equal(1, done["version"]!.GetValue<int>());

            // New starts take the last version that loaded, and say which.
            var started = await client.PostAsync("/api/workflows/good-one/instances", Api.Json(new { kind = "b" }));
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            Assert.Equal(1, (await started.ReadObjectAsync())["version"]!.GetValue<int>());
        }
    }
}
