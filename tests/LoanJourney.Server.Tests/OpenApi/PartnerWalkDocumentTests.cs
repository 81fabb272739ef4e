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
    private const string PayLater = "capitalfloat-paylater";

    private readonly LenderServerFactory _server;

    public PartnerWalkDocumentTests()
    {
        var settings = TestPrincipals.SettingsWithScoped();
        settings["Engine:DefinitionsDirectory"] = Path.Combine(AppContext.BaseDirectory, "ReleaseWorkflows");
        settings["Engine:PollInterval"] = "00:00:00.100";
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
        var id = await StartAndWaitForOtpAsync(partner);
        await (await partner.PostAsync($"/api/instances/{id}/cancel", null)).AssertProblemAsync(HttpStatusCode.BadRequest, "reason");
        var declared = new JsonObject { ["reason"] = "The borrower left the checkout." };
        Assert.Equal(HttpStatusCode.Accepted, (await partner.PostAsync($"/api/instances/{id}/cancel", Api.Json(declared.ToJsonString()))).StatusCode);
        await partner.WaitForStatusAsync(id, "Cancelled");
    }

    private static string Key(string name) => TestPrincipals.Scoped.Single(p => p.Name == name).Key;

    private static async Task<JsonObject> DocumentAsync(HttpClient client)
    {
        var response = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadObjectAsync();
    }

    private static async Task<string> StartAndWaitForOtpAsync(HttpClient partner)
    {
        var input = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Workflows", "samples", "capitalfloat-paylater.json")))!.AsObject();
        var id = await partner.StartAsync(PayLater, input);
        Assert.Equal("otp", (await partner.WaitForStatusAsync(id, "Waiting"))["currentStep"]!.GetValue<string>());
        return id;
    }
}
