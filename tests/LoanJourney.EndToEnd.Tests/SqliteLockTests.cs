using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace LoanJourney.EndToEnd.Tests;

/// <summary>
/// One server per SQLite database (walk 41): a second <c>dotnet run</c> from the same checkout, on another port, started
/// without a word on the same <c>data/loanjourney.db</c> and <c>sandbox.db</c>, both <c>node-1</c>, the second freeing the
/// first's leases at start. Now the server holds <c>&lt;database&gt;.lock</c> for its life and a second one ends like a taken
/// port: one line on stderr, exit code 1, the database untouched. The kernel drops the lock with a killed process.
/// </summary>
public sealed class SqliteLockTests : IDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(180);

    private readonly DataFolder _data = new("e2e-sqlitelock");
    private readonly List<ChildProcess> _servers = [];
    private readonly List<HttpClient> _clients = [];

    public void Dispose()
    {
        foreach (var server in _servers)
        {
            server.Dispose();
        }

        foreach (var client in _clients)
        {
            client.Dispose();
        }

        _data.Dispose();
    }

    [Fact]
    public async Task ASecondServerOnTheSameDataFolder_EndsWithOneLineNamingTheDatabase_AndTheFirstKeepsItsJourneys()
    {
        var (first, api) = await StartReadyAsync();
        var journey = await StartJourneyAsync(api);

        AssertRefused(await StartAndWaitAsync());

        Assert.False(first.HasExited, first.ToString());
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync(new Uri("health/ready", UriKind.Relative))).StatusCode);
        var read = await api.GetFromJsonAsync<JsonObject>($"api/instances/{journey}");
        Assert.Equal(journey, read!["id"]!.GetValue<string>());
    }

    // flock is the kernel's: SIGKILL leaves the lock file but not the lock, and the next server holds it in its turn.
    [Fact]
    public async Task AfterTheHolderIsKilledWithSigkill_ANewServerStarts_AndHoldsTheFolderInItsTurn()
    {
        var (first, _) = await StartReadyAsync();
        first.Kill();
        Assert.True(File.Exists(Path.Combine(_data.Path, "loanjourney.db.lock")));

        var (_, api) = await StartReadyAsync();
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync(new Uri("health/ready", UriKind.Relative))).StatusCode);

        AssertRefused(await StartAndWaitAsync());
    }

    private async Task<(ChildProcess Server, HttpClient Api)> StartReadyAsync()
    {
        var url = new Uri($"http://127.0.0.1:{FreePort.Next()}/");
        var server = Start(url);
        var api = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        _clients.Add(api);
        api.DefaultRequestHeaders.Add("X-Api-Key", StackEnvironment.DevelopmentApiKey);
        await server.WaitReadyAsync(api, "health/ready", StartDeadline);
        return (server, api);
    }

    // A second server on the folder: it must exit by itself. On the old code it answered ready instead, which ends the wait too.
    private async Task<(ChildProcess Server, bool Ready)> StartAndWaitAsync()
    {
        var url = new Uri($"http://127.0.0.1:{FreePort.Next()}/");
        var server = Start(url);
        using var client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        var ready = await Poll.UntilAsync(async () => !server.HasExited && await IsReadyAsync(client), r => r || server.HasExited, StartDeadline, _ => server.ToString());
        return (server, ready);
    }

    private void AssertRefused((ChildProcess Server, bool Ready) second)
    {
        Assert.False(second.Ready, $"a second server on {_data.Path} answered ready\n{second.Server}");
        var exitCode = second.Server.WaitForExit(TimeSpan.FromSeconds(60));
        Assert.True(exitCode == 1, $"exit code {exitCode}\n{second.Server}");
        var database = Path.Combine(_data.Path, "loanjourney.db");
        Assert.Equal(
            $"LoanJourney did not start: the SQLite database {database} is in use by another LoanJourney server (it holds {database}.lock). " +
            "Stop that server, or give this one its own data folder (Engine:DatabasePath, e.g. Engine__DatabasePath=data-2/loanjourney.db); " +
            "several nodes on one store need PostgreSQL (Storage:Provider=Postgres, docs/scale-out.md).",
            second.Server.StandardError);
        Assert.DoesNotContain("Workflow dispatcher", second.Server.Output, StringComparison.Ordinal);
    }

    private ChildProcess Start(Uri url)
    {
        var server = ChildProcess.Start("server", BuiltOutputs.ServerDll, StackEnvironment.Development(url, _data.Path));
        _servers.Add(server);
        return server;
    }

    private static async Task<bool> IsReadyAsync(HttpClient client)
    {
        try
        {
            using var response = await client.GetAsync(new Uri("health/ready", UriKind.Relative));
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    private static async Task<string> StartJourneyAsync(HttpClient api)
    {
        using var response = await api.PostAsJsonAsync($"api/workflows/{Samples.PersonalLoan}/instances", Samples.Prism(Samples.PersonalLoan).Input);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }
}
