using System.Globalization;
using System.Net;
using Npgsql;

namespace LoanJourney.TestSupport;

/// <summary>
/// Several server processes (engine nodes) on one PostgreSQL database, with their lenders at one sandbox process, each
/// started from its built output on free loopback ports. Each node has its own <c>Engine:NodeId</c> and a short lease
/// (<see cref="DefaultLeaseDuration"/> unless told) so that a dead node's work is taken over quickly. Everything is stopped by process id.
/// </summary>
public sealed class Cluster : IAsyncDisposable
{
    public static readonly TimeSpan DefaultLeaseDuration = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromSeconds(180); // a safety net on a loaded machine: the wait ends at readiness
    private readonly string _adminConnectionString;
    private readonly string _dataDirectory;
    private readonly List<ClusterNode> _nodes = [];
    private ChildProcess? _sandbox;

    private Cluster(string adminConnectionString, string database, string dataDirectory, TimeSpan leaseDuration)
    {
        LeaseDuration = leaseDuration;
        _adminConnectionString = adminConnectionString;
        Database = database;
        _dataDirectory = dataDirectory;
        ConnectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = database, MaxPoolSize = 30 }.ConnectionString;
        SandboxUrl = new Uri($"http://127.0.0.1:{FreePort.Next()}/");
        Sandbox = new HttpClient { BaseAddress = SandboxUrl, Timeout = TimeSpan.FromSeconds(30) };
    }

    public string Database { get; }

    /// <summary>The nodes' <c>Engine:LeaseDuration</c>.</summary>
    public TimeSpan LeaseDuration { get; }

    /// <summary>The nodes' connection string (also used by the test to read what they committed).</summary>
    public string ConnectionString { get; }

    public Uri SandboxUrl { get; }

    public HttpClient Sandbox { get; }

    public IReadOnlyList<ClusterNode> Nodes => _nodes;

    /// <summary>
    /// Creates a fresh database through <paramref name="adminConnectionString"/> and starts the sandbox and the nodes on it. The
    /// ports are chosen before the processes start (each must know the others' addresses), so another process on the machine can
    /// take one in between (CI session 39: "address already in use" while another suite ran beside it): then the whole cluster is
    /// set up again on new ports, at most <see cref="PortAttempts"/> times, since the sandbox and the nodes name each other.
    /// </summary>
    public static async Task<Cluster> StartAsync(string adminConnectionString, string name, int nodes = 3, TimeSpan? leaseDuration = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(adminConnectionString, name, nodes, leaseDuration);
            }
            catch (InvalidOperationException e) when (attempt < PortAttempts && e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                // A port was taken between FreePort.Next() and the child's bind: new ports, a new database, a new start.
            }
        }
    }

    private const int PortAttempts = 3;

    private static async Task<Cluster> StartOnceAsync(string adminConnectionString, string name, int nodes, TimeSpan? leaseDuration)
    {
        var database = $"lj_{name}_{Guid.NewGuid():N}"[..40].ToLowerInvariant();
        await using (var admin = new NpgsqlConnection(adminConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", admin);
            await create.ExecuteNonQueryAsync();
        }

        var data = Path.Combine(Path.GetTempPath(), $"loanjourney-scale-{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(data);
        var cluster = new Cluster(adminConnectionString, database, data, leaseDuration ?? DefaultLeaseDuration);
        try
        {
            for (var i = 1; i <= nodes; i++)
            {
                cluster._nodes.Add(new ClusterNode($"scale-node-{i}", new Uri($"http://127.0.0.1:{FreePort.Next()}/")));
            }

            // The sandbox's FinBox v1 webhooks go to the first node (the personal-loan journey polls and needs none).
            cluster._sandbox = ChildProcess.Start("sandbox", BuiltOutputs.SandboxDll,
                StackEnvironment.Sandbox(new Uri(cluster._nodes[0].Url, "webhooks/finbox"), 6006), "--urls", cluster.SandboxUrl.ToString().TrimEnd('/'));
            await cluster._sandbox.WaitReadyAsync(cluster.Sandbox, "sandbox/scenarios", ReadyDeadline);
            // Nodes share one Data Protection key folder (journey inputs are encrypted with it); the first node starts alone so
            // it creates the key ring and the others read it instead of each creating its own.
            await cluster.StartNodeAsync(cluster._nodes[0]);
            await Task.WhenAll(cluster._nodes.Skip(1).Select(cluster.StartNodeAsync));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private Task StartNodeAsync(ClusterNode node)
    {
        var environment = StackEnvironment.Server(node.Url, SandboxUrl, Path.Combine(_dataDirectory, node.Id), node.Id);
        environment["Server__DataProtectionKeysPath"] = Path.Combine(_dataDirectory, "keys");
        environment["Storage__Provider"] = "Postgres";
        environment["ConnectionStrings__LoanJourney"] = ConnectionString;
        environment["Engine__LeaseDuration"] = LeaseDuration.ToString("c", CultureInfo.InvariantCulture);
        environment["Engine__RunnerFailureBackoff"] = "00:00:00.500";
        return node.StartAsync(environment, ReadyDeadline);
    }

    /// <summary>Whether <c>/health/ready</c> of a node answers 200 (false for 503 or no answer).</summary>
    public static async Task<bool> IsReadyAsync(ClusterNode node)
    {
        try
        {
            using var response = await node.Anonymous.GetAsync("health/ready");
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

    public string Diagnostics() => string.Join("\n\n", _nodes.Select(n => n.ToString()).Append(_sandbox?.ToString() ?? ""));

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            node.Dispose();
        }

        _sandbox?.Dispose();
        Sandbox.Dispose();
        try
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(_adminConnectionString);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Database} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
            // The server is going away with the fixture anyway.
        }

        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }
}
