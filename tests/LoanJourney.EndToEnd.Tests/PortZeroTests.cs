using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace LoanJourney.EndToEnd.Tests;

/// <summary>
/// The default Development run on port 0 (<c>--urls http://127.0.0.1:0</c>): the port is only known once Kestrel has bound it,
/// and the lenders, the sandbox's webhooks and the partner callback must all find the server there.
/// </summary>
public sealed class PortZeroTests : IDisposable
{
    private readonly DataFolder _data = new("e2e-port0");
    private ChildProcess? _server;

    public void Dispose()
    {
        _server?.Dispose();
        _data.Dispose();
    }

    [Fact]
    public async Task ServerOnPortZeroRunsAPersonalLoanAnSdkJourneyAndAnAsyncHandshakeAgainstItsEmbeddedSandbox()
    {
        var environment = StackEnvironment.Development(new Uri("http://127.0.0.1:0"), _data.Path);
        environment.Remove("ASPNETCORE_URLS");
        _server = ChildProcess.Start("server", BuiltOutputs.ServerDll, environment, "--urls", "http://127.0.0.1:0");
        var listening = await _server.ListeningAsync(TimeSpan.FromSeconds(180));
        Assert.Matches(@"^http://127\.0\.0\.1:[1-9]\d*/$", listening.ToString());
        using var api = new HttpClient { BaseAddress = listening, Timeout = TimeSpan.FromSeconds(30) };
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
}
