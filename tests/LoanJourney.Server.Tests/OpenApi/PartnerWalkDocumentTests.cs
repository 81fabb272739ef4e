using System.Net;
using System.Text.Json.Nodes;
using LoanJourney.Server.Tests.Support;

namespace LoanJourney.Server.Tests.OpenApi;

/// <summary>
/// Session 53's partner walk: a sourcing partner's engineer generates a client from <c>/openapi/v1.json</c> and drives its
/// journeys with a partner-scoped key, over real HTTP (Kestrel on a free port, the embedded sandbox, the shipped pay-later
/// journey). What the server takes and answers must be what the document says.
/// </summary>
public sealed class PartnerWalkDocumentTests : IDisposable
{
    private readonly LenderServerFactory _server;

    public PartnerWalkDocumentTests()
    {
        var settings = TestPrincipals.SettingsWithScoped();
        settings["Engine:DefinitionsDirectory"] = Path.Combine(AppContext.BaseDirectory, "ReleaseWorkflows");
        settings["Engine:PollInterval"] = "00:00:00.100";
        // As the walk's deployment configures it (docs/api.md, "A partner-scoped start"): acme's token shares go to its own
        // API, here the embedded sandbox's partner. From pay-later v5 a cancel tells the partner too (session 53).
        settings["Lenders:Partners:acme:Authorization"] = "acme-sandbox-secret";
        _server = new LenderServerFactory(settings: settings);
    }

    public void Dispose() => _server.Dispose();

    /// <summary>
    /// The walk's cancel: the document declared no request body for it, so a client generated from it sent none, and the
    /// server answered <c>400</c> naming <c>reason</c> (required since session 46). The document now declares the body the
    /// handler reads — <c>{"reason"}</c>, required, nothing else — and a cancel built from that declaration is taken. The incident
    /// retry (an optional body) and confirm-not-sent (<c>reason</c> and <c>then</c>) read theirs the same way and are declared too.
    /// </summary>
    [Fact]
    public async Task TheCancelDeclaresTheReasonItRequires_AndACancelBuiltFromTheDocumentIsTaken()
    {
        using var partner = _server.CreateClient(Key("acme-bot"));
        var document = await DocumentAsync(partner);

        var cancel = document["paths"]!["/api/instances/{id}/cancel"]!["post"]!;
        var body = cancel["requestBody"];
        Assert.True(body is not null, "POST /api/instances/{id}/cancel declares no request body; the server requires {\"reason\"}.");
        Assert.True(body["required"]!.GetValue<bool>());
        var schema = body["content"]!["application/json"]!["schema"]!;
        Assert.Equal(["reason"], schema["required"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal(["reason"], schema["properties"]!.AsObject().Select(p => p.Key));
        Assert.False(schema["additionalProperties"]!.GetValue<bool>());
        Assert.Equal(500, schema["properties"]!["reason"]!["maxLength"]!.GetValue<int>());

        var retry = document["paths"]!["/api/instances/{id}/incident/retry"]!["post"]!["requestBody"];
        Assert.NotNull(retry);
        Assert.False(retry["required"]?.GetValue<bool>() ?? false);
        Assert.Null(retry["content"]!["application/json"]!["schema"]!["required"]);
        var notSent = document["paths"]!["/api/instances/{id}/incident/confirm-not-sent"]!["post"]!["requestBody"];
        Assert.NotNull(notSent);
        var notSentSchema = notSent["content"]!["application/json"]!["schema"]!;
        Assert.Equal(["reason"], notSentSchema["required"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal(["resend", "cancel"], notSentSchema["properties"]!["then"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()));

        // What the server does is what the document says: without the body, 400 naming reason; with it, the journey is cancelled.
        var id = (await PayLater.WaitingForOtpAsync(partner)).Id;
        await (await partner.PostAsync($"/api/instances/{id}/cancel", null)).AssertProblemAsync(HttpStatusCode.BadRequest, "reason");
        var declared = new JsonObject { ["reason"] = "The borrower left the checkout." };
        Assert.Equal(HttpStatusCode.Accepted, (await partner.PostAsync($"/api/instances/{id}/cancel", Api.Json(declared.ToJsonString()))).StatusCode);
        await partner.WaitForStatusAsync(id, "Cancelled");
    }

    /// <summary>
    /// The walk's problems: a partner's Viewer key sending the OTP got <c>403</c> with <c>requiredRole</c>, <c>role</c>, <c>roles</c>
    /// and <c>partner</c>; an OTP to a journey that no longer waits got <c>409 signal_not_expected</c> with <c>expected</c>; a cancel
    /// of a finished journey <c>409 invalid_state</c> with <c>instanceStatus</c>. None of those members was in the one
    /// <c>ProblemDetails</c> schema, so a generated client had no field to read them from, and the signal's and the cancel's 409
    /// were described as "Conflict" only. Every member of each answer is now a property of the schema, and each 409 names its codes.
    /// </summary>
    [Fact]
    public async Task EveryMemberOfTheProblemsAPartnerGets_IsInTheProblemSchema_AndThe409sNameTheirCodes()
    {
        using var partner = _server.CreateClient(Key("acme-bot"));
        using var viewer = _server.CreateClient(Key("acme-viewer"));
        var document = await DocumentAsync(partner);
        var declared = document["components"]!["schemas"]!["ProblemDetails"]!["properties"]!.AsObject().Select(p => p.Key).ToHashSet(StringComparer.Ordinal);

        var id = (await PayLater.WaitingForOtpAsync(partner)).Id;
        var answers = new List<(string What, JsonObject Problem)>
        {
            ("a partner's Viewer sends the OTP", await (await viewer.PostAsync($"/api/instances/{id}/signals/otp", Api.Json("""{"otp":"123456"}""")))
                .AssertProblemAsync(HttpStatusCode.Forbidden)),
            ("a partner's Operator asks for the team's workflow list", await (await partner.GetAsync("/api/workflows")).AssertProblemAsync(HttpStatusCode.Forbidden)),
            ("a signal the journey does not wait for", await (await partner.PostAsync($"/api/instances/{id}/signals/shipment", Api.Json("{}")))
                .AssertProblemAsync(HttpStatusCode.Conflict)),
        };
        Assert.Equal(HttpStatusCode.Accepted, (await partner.PostAsync($"/api/instances/{id}/cancel", Api.Json("""{"reason":"left"}"""))).StatusCode);
        await partner.WaitForStatusAsync(id, "Cancelled");
        answers.Add(("a cancel of a finished journey", await (await partner.PostAsync($"/api/instances/{id}/cancel", Api.Json("""{"reason":"again"}""")))
            .AssertProblemAsync(HttpStatusCode.Conflict)));

        Assert.Equal("acme", answers[0].Problem["partner"]!.GetValue<string>());
        Assert.Equal("signal_not_expected", answers[2].Problem["code"]!.GetValue<string>());
        Assert.Equal("invalid_state", answers[3].Problem["code"]!.GetValue<string>());
        foreach (var (what, problem) in answers)
        {
            var undeclared = problem.Select(m => m.Key).Where(m => !declared.Contains(m)).ToList();
            Assert.True(undeclared.Count == 0, $"{what}: {string.Join(", ", undeclared)} not in the ProblemDetails schema; the answer was {problem.ToJsonString()}");
        }

        var signalConflict = document["paths"]!["/api/instances/{id}/signals/{name}"]!["post"]!["responses"]!["409"]!["description"]!.GetValue<string>();
        Assert.Contains("signal_not_expected", signalConflict, StringComparison.Ordinal);
        Assert.Contains("instance_busy", signalConflict, StringComparison.Ordinal);
        var cancelConflict = document["paths"]!["/api/instances/{id}/cancel"]!["post"]!["responses"]!["409"]!["description"]!.GetValue<string>();
        Assert.Contains("invalid_state", cancelConflict, StringComparison.Ordinal);
        Assert.Contains("past_point_of_no_return", cancelConflict, StringComparison.Ordinal);
    }

    private static string Key(string name) => TestPrincipals.Scoped.Single(p => p.Name == name).Key;

    private static async Task<JsonObject> DocumentAsync(HttpClient client)
    {
        var response = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadObjectAsync();
    }

}
