using System.Net;
using System.Text.Json.Nodes;
using LoanJourney.Server.Tests.Support;

namespace LoanJourney.Server.Tests.Signals;

/// <summary>
/// A Core.WaitForSignal with a "fields" declaration, over the HTTP API: a payload that does not fit is a 400 naming the field,
/// the journey still waits, and the value (the sensitive one above all) is in no answer, journal entry or log line.
/// </summary>
public sealed class DeclaredSignalFieldsApiTests
{
    private const string AccountNumber = "507918273645";

    private static JsonObject Definition(string id, string fields) => JsonNode.Parse($$"""
        {
          "id": "{{id}}", "version": 1, "title": "Bank account confirmation",
          "input": [{ "name": "customerId", "type": "String", "required": true }],
          "start": "confirm",
          "steps": [
            { "id": "confirm", "activity": "Core.WaitForSignal", "next": { "Received": "end" },
              "inputs": { "signal": "bank-account", "fields": {{fields}} } },
            { "id": "end", "activity": "Core.End", "inputs": { "outcome": "Confirmed" } }
          ]
        }
        """)!.AsObject();

    private const string Fields = """
        [
          { "name": "accountNumber", "type": "String", "required": true, "pattern": "[0-9]{9,18}", "sensitive": true },
          { "name": "ifsc", "type": "String", "required": true, "pattern": "[A-Z]{4}0[A-Z0-9]{6}", "description": "The branch's IFSC, e.g. HDFC0001234." }
        ]
        """;

    [Fact]
    public async Task BadPayloads_Are400sNamingTheField_TheJourneyStillWaits_AndNoValueIsJournaledOrLogged_ThenAGoodOneIsTaken()
    {
        var directory = Directory.CreateTempSubdirectory("lj-signalfields-").FullName;
        try
        {
            var id = "bank-" + Guid.NewGuid().ToString("N")[..8];
            using (var factory = new ServerFactory(new Dictionary<string, string?> { ["Serilog:File:Path"] = Path.Combine(directory, "server-.json") }))
            {
                var api = factory.CreateApiClient();
                var created = await (await api.PostAsync("/api/workflows", Api.Json(Definition(id, Fields).ToJsonString()))).ReadObjectAsync();
                Assert.True(created["valid"]!.GetValue<bool>(), created.ToJsonString());
                var published = await api.PostAsync($"/api/workflows/{id}/publish", Api.Json(new { expectedRevision = created["revision"]!.GetValue<long>(), reason = "test" }));
                Assert.Equal(HttpStatusCode.OK, published.StatusCode);
                var instance = await api.StartAsync(id, new { customerId = "CUST-1" });
                await api.WaitForStatusAsync(instance, "Waiting");

                var bad = new (string Payload, string Field, string Value)[]
                {
                    ($$"""{ "accountNumber": "{{AccountNumber}}-X", "ifsc": "HDFC0001234" }""", "accountNumber", AccountNumber + "-X"),
                    ($$"""{ "accountNumber": {{AccountNumber}}, "ifsc": "HDFC0001234" }""", "accountNumber", AccountNumber),
                    ($$"""{ "accountNumber": "{{AccountNumber}}", "ifsc": "hdfc0009999" }""", "ifsc", "hdfc0009999"),
                    ("""{ "ifsc": "HDFC0001234" }""", "accountNumber", "HDFC0001234"),
                };
                foreach (var (payload, field, value) in bad)
                {
                    var response = await api.PostAsync($"/api/instances/{instance}/signals/bank-account", Api.Json(payload));
                    var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, field);
                    Assert.Equal("validation", problem["code"]!.GetValue<string>());
                    Assert.DoesNotContain(value, problem.ToJsonString(), StringComparison.Ordinal);
                }

                var waiting = await api.GetInstanceAsync(instance);
                Assert.Equal(("Waiting", "confirm"), (waiting["status"]!.GetValue<string>(), waiting["currentStep"]!.GetValue<string>()));
                Assert.Equal("bank-account", waiting["waitingFor"]![0]!["key"]!.GetValue<string>());
                Assert.True(waiting["waitingFor"]![0]!["sensitive"]!.GetValue<bool>()); // a sensitive field makes the signal sensitive
                var journal = await (await api.GetAsync($"/api/instances/{instance}/journal")).Content.ReadAsStringAsync();
                Assert.DoesNotContain(AccountNumber, journal, StringComparison.Ordinal);
                Assert.DoesNotContain("hdfc0009999", journal, StringComparison.Ordinal);
                Assert.DoesNotContain("SignalReceived", journal, StringComparison.Ordinal);

                var good = await api.PostAsync($"/api/instances/{instance}/signals/bank-account",
                    Api.Json($$"""{ "accountNumber": "{{AccountNumber}}", "ifsc": "HDFC0001234" }"""));
                Assert.True(good.IsSuccessStatusCode, await good.Content.ReadAsStringAsync());
                var done = await api.WaitForStatusAsync(instance, "Completed");
                Assert.DoesNotContain(AccountNumber, done.ToJsonString(), StringComparison.Ordinal);
                journal = await (await api.GetAsync($"/api/instances/{instance}/journal")).Content.ReadAsStringAsync();
                Assert.Contains("SignalReceived", journal, StringComparison.Ordinal);
                Assert.DoesNotContain(AccountNumber, journal, StringComparison.Ordinal);
            }

            var logs = string.Concat(Directory.GetFiles(directory, "server-*.json").Select(File.ReadAllText));
            Assert.Contains("bank-account", logs, StringComparison.Ordinal); // the requests were logged
            Assert.DoesNotContain(AccountNumber, logs, StringComparison.Ordinal);
            Assert.DoesNotContain("hdfc0009999", logs, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>
    /// Walk 47: a signal sent with no body at all (a newcomer's <c>curl -X POST …/signals/otp</c> without <c>-d</c>) to a signal
    /// that declares fields was a 400 whose <c>errors</c> named <c>body</c> but whose <c>detail</c> said
    /// <c>… was not accepted: $: The payload of signal …</c>: a field named <c>$</c> the caller never sent.
    /// </summary>
    [Fact]
    public async Task ASignalWithNoBody_IsA400NamingBody_AndItsDetailNamesNoDollarField()
    {
        using var factory = new ServerFactory();
        var api = factory.CreateApiClient();
        var id = "bank-" + Guid.NewGuid().ToString("N")[..8];
        var created = await (await api.PostAsync("/api/workflows", Api.Json(Definition(id, Fields).ToJsonString()))).ReadObjectAsync();
        Assert.True(created["valid"]!.GetValue<bool>(), created.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/workflows/{id}/publish",
            Api.Json(new { expectedRevision = created["revision"]!.GetValue<long>(), reason = "test" }))).StatusCode);
        var instance = await api.StartAsync(id, new { customerId = "CUST-1" });
        await api.WaitForStatusAsync(instance, "Waiting");

        var problem = await (await api.PostAsync($"/api/instances/{instance}/signals/bank-account", Api.Json(""))).AssertProblemAsync(HttpStatusCode.BadRequest, "body");

        var detail = problem["detail"]!.GetValue<string>();
        Assert.DoesNotContain("$", detail, StringComparison.Ordinal);
        Assert.Equal($"Signal 'bank-account' to instance '{instance}' was not accepted: The payload of signal 'bank-account' must be a JSON object with 'accountNumber', 'ifsc'.", detail);
        Assert.Equal(["body"], problem["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task ADraftWithABadDeclaration_NamesThePath()
    {
        using var factory = new ServerFactory();
        var api = factory.CreateApiClient();
        var id = "bank-" + Guid.NewGuid().ToString("N")[..8];

        var validation = await (await api.PostAsync("/api/workflows",
            Api.Json(Definition(id, """[{ "name": "otp", "pattern": "[0-9" }, { "name": "otp", "type": "Text" }]""").ToJsonString()))).ReadObjectAsync();

        Assert.False(validation["valid"]!.GetValue<bool>());
        Assert.Equal(["inputs.fields[0].pattern", "inputs.fields[1].name", "inputs.fields[1].type"],
            validation["errors"]!.AsArray().Select(e => e!["field"]!.GetValue<string>()).Order(StringComparer.Ordinal));
    }
}
