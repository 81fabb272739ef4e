using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LoanJourney.EndToEnd.Tests;

/// <summary>
/// The default Development run on port 0 (<c>--urls http://127.0.0.1:0</c>): the port is only known once Kestrel has bound it,
/// and the lenders, the sandbox's webhooks and the partner callback must all find the server there.
/// </summary>
public sealed partial class PortZeroTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), $"loanjourney-e2e-port0-{Guid.NewGuid():N}");
    private ChildProcess? _server;

    public void Dispose()
    {
        _server?.Dispose();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    [Fact]
    public async Task ServerOnPortZeroRunsAPersonalLoanAnSdkJourneyAndAnAsyncHandshakeAgainstItsEmbeddedSandbox()
    {
        Directory.CreateDirectory(_data);
        var environment = StackEnvironment.Development(new Uri("http://127.0.0.1:0"), _data);
        environment.Remove("ASPNETCORE_URLS");
        _server = ChildProcess.Start("server", BuiltOutputs.ServerDll, environment, "--urls", "http://127.0.0.1:0");
        var listening = await Poll.UntilAsync(() => Task.FromResult(ListeningOn().Match(_server.Output)), m => m.Success || _server.HasExited, TimeSpan.FromSeconds(180), _ => _server.ToString());
        Assert.True(listening.Success, _server.ToString());
        using var api = new HttpClient { BaseAddress = new Uri(listening.Groups["url"].Value + "/"), Timeout = TimeSpan.FromSeconds(30) };
        api.DefaultRequestHeaders.Add("X-Api-Key", StackEnvironment.DevelopmentApiKey);
        await _server.WaitReadyAsync(api, "health/ready", TimeSpan.FromSeconds(180));

        var ids = new List<string>
        {
            await StartAsync(api, Samples.PersonalLoan, Samples.Prism(Samples.PersonalLoan).Input),
            await StartAsync(api, Samples.Sdk, Samples.SdkJourney().Input),
            await StartAsync(api, Samples.Handshake, Samples.HandshakeJourney("0010").Input),
        };

        foreach (var id in ids)
        {
            var done = await Poll.UntilAsync(() => api.GetFromJsonAsync<JsonObject>($"api/instances/{id}"),
                i => i!["status"]!.GetValue<string>() is "Completed" or "Faulted", TimeSpan.FromSeconds(90), last => $"{last?.ToJsonString()}\n{_server}");
            Assert.True(done!["outcome"]?.GetValue<string>() == "Disbursed", done.ToJsonString());
        }
    }

    private static async Task<string> StartAsync(HttpClient api, string workflow, JsonObject input)
    {
        using var response = await api.PostAsJsonAsync($"api/workflows/{workflow}/instances", input);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }

    [GeneratedRegex(@"Now listening on: (?<url>http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningOn();
}
