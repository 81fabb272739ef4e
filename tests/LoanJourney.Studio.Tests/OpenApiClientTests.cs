using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LoanJourney.Studio.Tests.Support;

namespace LoanJourney.Studio.Tests;

/// <summary>
/// The OpenAPI document as client generators use it: openapi-typescript (the Studio's pinned version) generates types
/// from the document the real server serves; they must equal the committed studio/src/api/schema.d.ts, and a typed
/// client written against them (OpenApiClient/start-and-read.ts, openapi-fetch) compiles with tsc and starts and reads
/// a journey against that server.
/// </summary>
public sealed class OpenApiClientTests(OpenApiServerFixture fixture) : IClassFixture<OpenApiServerFixture>, IDisposable
{
    private static readonly TimeSpan NodeWithin = TimeSpan.FromMinutes(3);

    private static string Studio => Path.Combine(RepositoryPaths.Root, "studio");

    private static string Tool(string package, string bin) => Path.Combine(Studio, "node_modules", package, "bin", bin);

    // Under studio/ so that imports resolve from the Studio's node_modules; gitignored, deleted after each test.
    private readonly string _work = Path.Combine(Studio, ".openapi-client-" + Guid.NewGuid().ToString("N"));

    private Uri Document => new(fixture.Server.BaseAddress, "openapi/v1.json");

    [Fact]
    public async Task GeneratedStudioTypesMatchTheServedDocument()
    {
        Directory.CreateDirectory(_work);
        var generated = Path.Combine(_work, "schema.d.ts");

        await GenerateAsync(generated);

        var committed = Path.Combine(Studio, "src", "api", "schema.d.ts");
        Assert.True(
            Normalize(await File.ReadAllTextAsync(committed)) == Normalize(await File.ReadAllTextAsync(generated)),
            $"studio/src/api/schema.d.ts differs from what openapi-typescript generates from the served document: "
            + "regenerate it (docs/api.md, \"Generated clients\": npm run gen:api -- <server>/openapi/v1.json) and commit it.");
    }

    [Fact]
    public async Task ClientGeneratedFromTheServedDocumentCompilesStartsAndReadsAJourney()
    {
        var source = Path.Combine(AppContext.BaseDirectory, "OpenApiClient");
        Directory.CreateDirectory(_work);
        foreach (var file in new[] { "start-and-read.ts", "tsconfig.json", "package.json" })
        {
            File.Copy(Path.Combine(source, file), Path.Combine(_work, file));
        }

        await GenerateAsync(Path.Combine(_work, "schema.d.ts"));
        var compiled = await NodeRun.RunAsync(_work, [Tool("typescript", "tsc"), "-p", "tsconfig.json"], NodeWithin);
        Assert.True(compiled.ExitCode == 0, $"tsc failed:{Environment.NewLine}{compiled.Output}{compiled.Error}");

        var customerId = "OAS-" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();
        var sample = Path.Combine(RepositoryPaths.Root, "workflows", "samples", "finbox-personal-loan.json");
        var run = await NodeRun.RunAsync(_work,
            [Path.Combine("out", "start-and-read.js"), fixture.Server.BaseAddress.ToString().TrimEnd('/'), ServerProcess.ApiKey, sample, customerId], NodeWithin);
        Assert.True(run.ExitCode == 0, $"the generated client failed:{Environment.NewLine}{run.Output}{run.Error}{Environment.NewLine}{fixture.Server.OutputTail}");

        var result = JsonNode.Parse(run.Output.Trim().Split('\n')[^1])!;
        Assert.Equal(202, result["startStatus"]!.GetValue<int>());
        var read = result["read"]!;
        Assert.Equal(result["id"]!.GetValue<string>(), read["id"]!.GetValue<string>());
        Assert.Equal("finbox-personal-loan", read["workflowId"]!.GetValue<string>());
        Assert.Equal(customerId, read["correlationId"]!.GetValue<string>());
        Assert.True(read["version"]!.GetValue<int>() >= 1);
        var wrong = result["wrong"]!;
        Assert.Equal(400, wrong["status"]!.GetValue<int>());
        Assert.StartsWith("application/problem+json", wrong["contentType"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(["customerId"], wrong["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task StartWithAWrongFieldTypeIsRefusedNamingTheFieldAndTheSchemaIsServed()
    {
        using var http = new HttpClient { BaseAddress = fixture.Server.BaseAddress };
        http.DefaultRequestHeaders.Add("X-Api-Key", ServerProcess.ApiKey);
        var input = JourneyApi.Sample("finbox-personal-loan");
        input["loan"] = "150000";

        using var response = await http.PostAsJsonAsync("api/workflows/finbox-personal-loan/instances", input);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        using var schemaResponse = await http.GetAsync(new Uri("api/workflows/finbox-personal-loan/input-schema", UriKind.Relative));
        var schema = JsonNode.Parse(await schemaResponse.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["loan"], problem["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal("'loan' must be object, not string.", problem["errors"]!["loan"]![0]!.GetValue<string>());
        Assert.Equal("application/schema+json", schemaResponse.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""["object","null"]""", schema["properties"]!["loan"]!["type"]!.ToJsonString());
    }

    private async Task GenerateAsync(string output)
    {
        var result = await NodeRun.RunAsync(_work, [Tool("openapi-typescript", "cli.js"), Document.ToString(), "--output", output], NodeWithin);
        Assert.True(result.ExitCode == 0 && File.Exists(output), $"openapi-typescript failed:{Environment.NewLine}{result.Output}{result.Error}");
    }

    private static string Normalize(string text) => text.ReplaceLineEndings("\n");

    public void Dispose()
    {
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // The test failed before it wrote anything.
        }
    }
}
