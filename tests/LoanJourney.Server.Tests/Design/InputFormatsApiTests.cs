using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using LoanJourney.Engine.Definitions;
using LoanJourney.Server.Instances;
using LoanJourney.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LoanJourney.Server.Tests.Design;

/// <summary>
/// Session 45's privacy walk: a start with <c>email</c> = <c>"not-an-email … x"</c> was accepted (202) and the journey failed at
/// the lender. An input field's declared <c>format</c> (docs/engine.md, "Definition format") is served in the input schema and
/// the OpenAPI document and checked at the start (400 naming the path and the format, never the value); an unknown format is
/// refused at publish; the shipped workflows' borrower fields (free-form objects) are checked by name, and their samples pass.
/// </summary>
public sealed class InputFormatsApiTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    private const string Fields = """
        [
          { "name": "customerId", "type": "String", "required": true },
          { "name": "contact", "type": "String", "required": true, "format": "email" },
          { "name": "applicant", "type": "Object", "required": true, "properties": [
              { "name": "taxId", "type": "String", "format": "pan" },
              { "name": "cell", "type": "String", "format": "mobile-in" },
              { "name": "born", "type": "String", "format": "date" },
              { "name": "postCode", "type": "String", "format": "pincode" },
              { "name": "bankCode", "type": "String", "format": "ifsc" }
          ] }
        ]
        """;

    private static readonly string[] Secrets = ["not-an-email … x", "abcde1234f", "+919876543210", "14/05/1990", "056009", "HDFC1000123"];

    private readonly HttpClient _api = factory.CreateApiClient();

    private static string NewId() => "formats-" + Guid.NewGuid().ToString("N")[..10];

    private async Task<string> PublishAsync(string fields)
    {
        var id = NewId();
        var definition = Definitions.Waiting(id, "Done");
        definition["input"] = JsonNode.Parse(fields);
        var created = await _api.PostAsync("/api/workflows", Api.Json(definition.ToJsonString()));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var revision = (await created.ReadObjectAsync())["revision"]!.GetValue<long>();
        var published = await _api.PostAsync($"/api/workflows/{id}/publish", Api.Json(new { expectedRevision = revision, reason = "formats test" }));
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        return id;
    }

    [Fact]
    public async Task AStartWithValuesNotOfTheirFormats_Is400NamingEachPathAndFormat_NeverAValue_AndStartsNothing()
    {
        var id = await PublishAsync(Fields);
        var input = new JsonObject
        {
            ["customerId"] = "C-FORMATS-1", ["contact"] = Secrets[0],
            ["applicant"] = new JsonObject { ["taxId"] = Secrets[1], ["cell"] = Secrets[2], ["born"] = Secrets[3], ["postCode"] = Secrets[4], ["bankCode"] = Secrets[5] },
        };

        var problem = await (await _api.PostAsync($"/api/workflows/{id}/instances", Api.Json(input.ToJsonString()))).AssertProblemAsync(HttpStatusCode.BadRequest);

        var errors = problem["errors"]!.AsObject();
        Assert.Equal(["applicant.bankCode", "applicant.born", "applicant.cell", "applicant.postCode", "applicant.taxId", "contact"], errors.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.Equal("'contact' must be an e-mail address (name@example.com) (format 'email').", errors["contact"]![0]!.GetValue<string>());
        Assert.Equal("'applicant.postCode' must be a 6-digit PIN code not starting with 0 (format 'pincode').", errors["applicant.postCode"]![0]!.GetValue<string>());
        Assert.All(Secrets, s => Assert.DoesNotContain(s, problem.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }), StringComparison.Ordinal));
        var list = await (await _api.GetAsync($"/api/instances?workflowId={id}")).ReadObjectAsync();
        Assert.Equal(0, list["total"]!.GetValue<long>());

        var good = new JsonObject
        {
            ["customerId"] = "C-FORMATS-2", ["contact"] = "ravi@example.com",
            ["applicant"] = new JsonObject { ["taxId"] = "ABCDE1234F", ["cell"] = "9876543210", ["born"] = "1990-05-14", ["postCode"] = "560095", ["bankCode"] = "HDFC0000123" },
        };
        Assert.Equal(HttpStatusCode.Accepted, (await _api.PostAsync($"/api/workflows/{id}/instances", Api.Json(good.ToJsonString()))).StatusCode);
    }

    [Fact]
    public async Task TheInputSchemaAndTheOpenApiDocument_ShowEachFormat()
    {
        var id = await PublishAsync(Fields);

        var schema = await (await _api.GetAsync($"/api/workflows/{id}/input-schema")).ReadObjectAsync();
        Assert.Equal("email", schema["properties"]!["contact"]!["format"]!.GetValue<string>());
        Assert.Equal("pan", schema["properties"]!["applicant"]!["properties"]!["taxId"]!["format"]!.GetValue<string>());

        var document = JsonNode.Parse(await _api.GetStringAsync("/openapi/v1.json"))!;
        var start = document["components"]!["schemas"]!.AsObject().Single(s => s.Value!["properties"]?["contact"] is not null && s.Value["properties"]!["applicant"] is not null
            && s.Value["properties"]!["applicant"]!["properties"]?["taxId"] is not null).Value!;
        Assert.Equal("email", start["properties"]!["contact"]!["format"]!.GetValue<string>());
        Assert.Equal("ifsc", start["properties"]!["applicant"]!["properties"]!["bankCode"]!["format"]!.GetValue<string>());

        // The definition's inputs, which the Studio's start form reads, carry a declared object's properties with their formats
        // (session 46: they stopped at the top level, so the form could not check applicant.taxId before sending).
        var view = await (await _api.GetAsync($"/api/workflows/{id}")).ReadObjectAsync();
        var applicant = view["inputs"]!.AsArray().Single(f => f!["name"]!.GetValue<string>() == "applicant")!;
        Assert.Equal(["taxId:pan", "cell:mobile-in", "born:date", "postCode:pincode", "bankCode:ifsc"],
            applicant["properties"]!.AsArray().Select(p => $"{p!["name"]}:{p["format"]}"));
        Assert.Null(view["inputs"]!.AsArray().Single(f => f!["name"]!.GetValue<string>() == "contact")!["properties"]);
    }

    [Fact]
    public async Task APublishWithAnUnknownFormatOrABadPattern_IsRefused_NamingTheField()
    {
        var id = NewId();
        var definition = Definitions.Waiting(id, "Done");
        definition["input"] = JsonNode.Parse("""
            [{ "name": "customerId", "type": "String", "required": true, "format": "e-mail" },
             { "name": "reference", "type": "String", "pattern": "^REF-[0-9{4}$" }]
            """);
        var created = await _api.PostAsync("/api/workflows", Api.Json(definition.ToJsonString()));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var saved = await created.ReadObjectAsync();
        Assert.False(saved["valid"]!.GetValue<bool>());

        var refused = await _api.PostAsync($"/api/workflows/{id}/publish", Api.Json(new { expectedRevision = saved["revision"]!.GetValue<long>(), reason = "formats test" }));
        var problem = await refused.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        var errors = problem["validation"]!.AsArray();
        Assert.Equal(["input[0].format", "input[1].pattern"], errors.Select(e => e!["field"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Contains("Did you mean 'email'?", errors.Single(e => e!["field"]!.GetValue<string>() == "input[0].format")!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        await (await _api.PostAsync($"/api/workflows/{id}/instances", Api.Json(new { customerId = "C-1" }))).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public void TheShippedWorkflows_RefuseABorrowersEmailPincodeOrIfscNotOfItsFormat_NeverEchoingIt_AndEverySampleFits()
    {
        var shipped = Shipped();
        foreach (var workflow in shipped.Values)
        {
            var sample = JsonNode.Parse(File.ReadAllText(Path.Combine(Workflows, DefinitionLoader.SamplesDirectory, workflow.Definition.Id + ".json")),
                documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })!;
            var errors = InstancesApi.InputErrors(workflow, sample);
            Assert.True(errors.Count == 0, $"{workflow.Definition.Id}: {string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(' ', e.Value)}"))}");
        }

        var loan = shipped["finbox-edi-loan"];
        var input = JsonNode.Parse(File.ReadAllText(Path.Combine(Workflows, DefinitionLoader.SamplesDirectory, "finbox-edi-loan.json")),
            documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })!;
        input["basicDetails"]!["personalDetails"]!["email"] = "not-an-email … x";
        input["basicDetails"]!["personalDetails"]!["currentAddress"]!["pincode"] = "5600";
        input["mandate"]!["ifsc"] = "hdfc0000123";
        var refused = InstancesApi.InputErrors(loan, input);
        Assert.Equal(["basicDetails.personalDetails.currentAddress.pincode", "basicDetails.personalDetails.email", "mandate.ifsc"], refused.Keys.Order(StringComparer.Ordinal));
        // v4 declares these formats (session 46): the schema names the field once, with the format it expects.
        Assert.Equal("'basicDetails.personalDetails.email' must be an e-mail address (name@example.com) (format 'email').", refused["basicDetails.personalDetails.email"][0]);
        Assert.DoesNotContain(refused.Values.SelectMany(m => m), m => m.Contains("not-an-email", StringComparison.Ordinal) || m.Contains("5600", StringComparison.Ordinal)
            || m.Contains("hdfc", StringComparison.Ordinal));

        // The lender's own samples send a detail not known as "" (FinBox's NACH business address, free-form in v4): left alone.
        // A field v4 declares a format for is left out when not known (absent or null), never "" (session 46).
        input["basicDetails"]!["personalDetails"]!["email"] = null;
        input["basicDetails"]!["personalDetails"]!["currentAddress"]!.AsObject().Remove("pincode");
        input["business"]!["address"]!["pincode"] = "";
        input["mandate"]!["ifsc"] = "HDFC0000123";
        Assert.Empty(InstancesApi.InputErrors(loan, input));
        input["basicDetails"]!["personalDetails"]!["email"] = "";
        Assert.Equal(["basicDetails.personalDetails.email"], InstancesApi.InputErrors(loan, input).Keys);
    }

    [Fact]
    public void TheHandshake_V2_DeclaresCustomerAttrs_ItsEmailAndPhoneWithTheirFormats_AndNoOtherName()
    {
        // partner-handshake v2 (session 46): customer is customer_attrs as the partner's handshake documents them, email and
        // phone with their formats; the handshake sends those ten and no others, so another name is refused, not dropped.
        var handshake = Shipped()["partner-handshake"];
        Assert.Equal(3, handshake.Version); // v3 (session 54: a cancel tells the partner) keeps v2's input
        var input = JsonNode.Parse(File.ReadAllText(Path.Combine(Workflows, DefinitionLoader.SamplesDirectory, "partner-handshake.json")))!;
        input["customer"]!["email"] = "ravi at example";
        input["customer"]!["phone"] = "+919876543210";
        input["customer"]!["resi_state"] = "Karnataka";
        var refused = InstancesApi.InputErrors(handshake, input);
        Assert.Equal(["customer.email", "customer.phone", "customer.resi_state"], refused.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("'customer.email' must be an e-mail address (name@example.com) (format 'email').", refused["customer.email"][0]);
        Assert.Contains("(format 'mobile-in')", refused["customer.phone"][0], StringComparison.Ordinal);
        Assert.StartsWith("Unknown field: 'customer' takes email, phone, customer_name", refused["customer.resi_state"][0], StringComparison.Ordinal);
        Assert.DoesNotContain(refused.Values.SelectMany(m => m), m => m.Contains("ravi at", StringComparison.Ordinal) || m.Contains("+91", StringComparison.Ordinal));

        // Not known: left out or null, never "" (the format refuses it), as on the FinBox journeys' v4.
        input["customer"]!.AsObject().Remove("resi_state");
        input["customer"]!["email"] = null;
        input["customer"]!.AsObject().Remove("phone");
        Assert.Empty(InstancesApi.InputErrors(handshake, input));
        input["customer"]!["phone"] = "";
        Assert.Equal(["customer.phone"], InstancesApi.InputErrors(handshake, input).Keys);
    }

    private static string Workflows => Repository.Workflows;

    private Dictionary<string, CompiledWorkflow> Shipped()
    {
        var loaded = factory.Services.GetRequiredService<DefinitionLoader>().LoadDirectory(Workflows);
        Assert.Empty(loaded.Errors);
        return loaded.Definitions.Where(d => File.Exists(Path.Combine(Workflows, DefinitionLoader.SamplesDirectory, d.Definition.Id + ".json")))
            .ToDictionary(d => d.Definition.Id, StringComparer.Ordinal);
    }
}
