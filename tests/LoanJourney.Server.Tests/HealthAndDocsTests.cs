using System.Net;
using LoanJourney.Server.Tests.Support;

namespace LoanJourney.Server.Tests;

public sealed class HealthAndDocsTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    [Fact]
    public async Task LivenessAnswersWithoutAKey()
    {
        var response = await factory.CreateClient().GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ReadinessChecksTheDatabaseAndTheLoadedDefinitions()
    {
        var response = await factory.CreateClient().GetAsync("/health/ready");
        var body = await response.ReadObjectAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", body["database"]!.GetValue<string>());
        Assert.Equal(4, body["definitions"]!.GetValue<int>()); // the four workflows of tests/…/Workflows
        Assert.Equal(0, body["definitionErrors"]!.GetValue<int>());
    }

    [Fact]
    public async Task OpenApiDocumentAndSwaggerUiAreServed()
    {
        var client = factory.CreateClient();
        var document = await client.GetStringAsync("/openapi/v1.json");
        var swagger = await client.GetAsync("/swagger/index.html");

        Assert.Contains("/api/instances/{id}/signals/{name}", document, StringComparison.Ordinal);
        Assert.Contains("/webhooks/finbox", document, StringComparison.Ordinal);
        Assert.Contains("X-Api-Key", document, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, swagger.StatusCode);
    }

    [Fact]
    public async Task StudioIsServedWithSpaFallbackWhenBuilt()
    {
        var folder = Path.Combine(factory.DataDirectory, "studio");
        Directory.CreateDirectory(Path.Combine(folder, "assets"));
        await File.WriteAllTextAsync(Path.Combine(folder, "index.html"), "<html>studio</html>");
        await File.WriteAllTextAsync(Path.Combine(folder, "assets", "app.js"), "console.log(1)");
        using var built = new ServerFactory(new Dictionary<string, string?> { ["Studio:Path"] = folder });
        var client = built.CreateClient();

        var deepLink = await client.GetAsync("/studio/instances/123");
        var asset = await client.GetAsync("/studio/assets/app.js");

        Assert.Equal(HttpStatusCode.OK, deepLink.StatusCode);
        Assert.Equal("<html>studio</html>", await deepLink.Content.ReadAsStringAsync());
        Assert.Equal("text/javascript", asset.Content.Headers.ContentType?.MediaType);
    }
}
