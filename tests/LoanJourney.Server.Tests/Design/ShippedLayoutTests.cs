using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using LoanJourney.Engine.Definitions;
using LoanJourney.Server.Tests.Support;

namespace LoanJourney.Server.Tests.Design;

/// <summary>
/// The shipped workflows (<c>workflows/**/*.json</c> but <c>samples/</c>) carry a saved layout for every step, so the Studio
/// draws them without ELK; a server whose store has their versions from before the layouts takes them without a new
/// version (docs/engine.md, "Definitions in the store, publish and pinning").
/// </summary>
public sealed class ShippedLayoutTests : IDisposable
{
    private const string Regenerate = "npm --prefix studio run layout:workflows";

    private static readonly JsonDocumentOptions WithComments = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "lj-shipped-layout-" + Guid.NewGuid().ToString("N"));

    private static string Workflows => Repository.Workflows;

    /// <summary>The files the server loads as definitions (DefinitionLoader: every *.json below, samples/ excepted), relative.</summary>
    public static TheoryData<string> ShippedFiles() => new(Files());

    private static List<string> Files()
    {
        var files = new List<string>();
        foreach (var path in Directory.EnumerateFiles(Workflows, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var file = Path.GetRelativePath(Workflows, path);
            if (!file.StartsWith(DefinitionLoader.SamplesDirectory + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                files.Add(file);
            }
        }

        return files;
    }

    [Fact]
    public void TheShippedFilesAreTheOnesExpected()
    {
        // A new directory of definitions would be loaded too; the theory below covers whatever is there.
        Assert.Contains(Path.Combine("examples", "engine-demo.json"), Files());
        Assert.Contains("finbox-personal-loan.json", Files());
    }

    [Theory]
    [MemberData(nameof(ShippedFiles))]
    public void EveryShippedWorkflow_HasASavedWholeNumberPositionForEveryStep_AndNoneForAStepItLacks(string file)
    {
        var (definition, _) = DefinitionJson.Parse(File.ReadAllText(Path.Combine(Workflows, file)));
        var layout = definition.Layout ?? new Dictionary<string, StepPosition>();
        var steps = definition.Steps.Select(s => s.Id).ToList();

        var missing = steps.Where(id => !layout.ContainsKey(id)).ToList();
        Assert.True(missing.Count == 0,
            $"workflows/{file} ('{definition.Id}' v{definition.Version}) has no saved position for step(s) {string.Join(", ", missing.Select(s => $"'{s}'"))}: " +
            $"the Studio would load ELK to draw it. Run `{Regenerate}` and commit the file.");
        var stale = layout.Keys.Except(steps, StringComparer.Ordinal).ToList();
        Assert.True(stale.Count == 0, $"workflows/{file} has a position for step(s) it does not have ({string.Join(", ", stale)}): run `{Regenerate}`.");
        var fractional = layout.Where(p => p.Value.X != Math.Round(p.Value.X) || p.Value.Y != Math.Round(p.Value.Y)).Select(p => p.Key).ToList();
        Assert.True(fractional.Count == 0, $"workflows/{file}: positions of {string.Join(", ", fractional)} are not whole numbers (the designer saves whole numbers): run `{Regenerate}`.");
    }

    // A store seeded by a server from before the layouts (the same files without one), then the server upgraded.
    [Fact]
    public async Task AServerWithTheVersionsStoredWithoutALayout_LoadsTheFilesWithOne_NoNewVersion_ServesTheLayout_TheWaitingJourneyStaysCurrent()
    {
        var before = Path.Combine(_directory, "before");
        foreach (var file in Files())
        {
            var definition = JsonNode.Parse(File.ReadAllText(Path.Combine(Workflows, file)), documentOptions: WithComments)!.AsObject();
            Assert.True(definition.Remove("layout"), $"workflows/{file} has no layout.");
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(before, file))!);
            File.WriteAllText(Path.Combine(before, file), definition.ToJsonString());
        }

        Dictionary<string, JsonObject> old;
        string journey;
        using (var server = Server(before))
        {
            var api = server.CreateApiClient();
            old = await DefinitionsAsync(api);
            Assert.All(old.Values, d => Assert.Null(d["layout"]));
            journey = await api.StartAsync("engine-demo", new { customerId = "CUST-LAYOUT" });
            await api.WaitForStatusAsync(journey, "Waiting");
        }

        using (var server = Server(Workflows))
        {
            var api = server.CreateApiClient();
            var list = await (await api.GetAsync("/api/workflows")).ReadObjectAsync();
            Assert.Empty(list["loadErrors"]!.AsArray());
            var now = await DefinitionsAsync(api);
            Assert.Equal(old.Keys.Order(StringComparer.Ordinal), now.Keys.Order(StringComparer.Ordinal));
            foreach (var (id, definition) in now)
            {
                // The same version and version list, and the version now has the file's layout for every step.
                Assert.Equal(old[id]["version"]!.GetValue<int>(), definition["version"]!.GetValue<int>());
                Assert.Equal(old[id]["versions"]!.ToJsonString(), definition["versions"]!.ToJsonString());
                var layout = definition["layout"]?.AsObject() ?? throw new Xunit.Sdk.XunitException($"'{id}' is served without a layout.");
                Assert.All(definition["steps"]!.AsArray(), s => Assert.True(layout.ContainsKey(s!["id"]!.GetValue<string>()), $"'{id}' has no position for '{s!["id"]}'."));

                var history = (await (await api.GetAsync($"/api/workflows/{id}/history")).ReadObjectAsync())["items"]!.AsArray();
                var last = history[^1]!;
                Assert.Equal(("seed", definition["version"]!.GetValue<int>(), true, 0), (last["action"]!.GetValue<string>(), last["version"]!.GetValue<int>(),
                    last["changes"]!["layoutChanged"]!.GetValue<bool>(), last["changes"]!["changed"]!.AsArray().Count));
            }

            var instance = await api.GetInstanceAsync(journey);
            Assert.Equal(("Waiting", now["engine-demo"]["version"]!.GetValue<int>()), (instance["status"]!.GetValue<string>(), instance["version"]!.GetValue<int>()));
            var exported = JsonNode.Parse(await api.GetStringAsync($"/api/workflows/engine-demo/export?version={instance["version"]}"))!;
            Assert.NotNull(exported["layout"]);
        }
    }

    private ServerFactory Server(string definitions) => new(new Dictionary<string, string?>
    {
        ["Engine:DefinitionsDirectory"] = definitions,
        ["Engine:DatabasePath"] = Path.Combine(_directory, "server.db"),
        ["Server:DataProtectionKeysPath"] = Path.Combine(_directory, "keys"),
    });

    private static async Task<Dictionary<string, JsonObject>> DefinitionsAsync(HttpClient api)
    {
        var items = (await (await api.GetAsync("/api/workflows")).ReadObjectAsync())["items"]!.AsArray();
        var definitions = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var id in items.Select(i => i!["id"]!.GetValue<string>()))
        {
            var response = await api.GetAsync($"/api/workflows/{id}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            definitions[id] = await response.ReadObjectAsync();
        }

        return definitions;
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
