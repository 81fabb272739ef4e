namespace LoanJourney.TestSupport;

/// <summary>One server process of a <see cref="Cluster"/>: its node id, URL, API clients and process.</summary>
public sealed class ClusterNode : IDisposable
{
    private ChildProcess? _process;

    public ClusterNode(string id, Uri url)
    {
        Id = id;
        Url = url;
        Api = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        Api.DefaultRequestHeaders.Add("X-Api-Key", StackEnvironment.ApiKey);
        Anonymous = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(5) };
    }

    /// <summary>The node's <c>Engine:NodeId</c> (its lease owner id).</summary>
    public string Id { get; }

    public Uri Url { get; }

    /// <summary>The node's API with the API key.</summary>
    public HttpClient Api { get; }

    /// <summary>Without credentials (health).</summary>
    public HttpClient Anonymous { get; }

    public bool IsRunning => _process is { HasExited: false };

    public Task StartAsync(IReadOnlyDictionary<string, string> environment, TimeSpan readyDeadline)
    {
        _process = ChildProcess.Start(Id, BuiltOutputs.ServerDll, environment, "--urls", Url.ToString().TrimEnd('/'));
        return _process.WaitReadyAsync(Anonymous, "health/ready", readyDeadline);
    }

    /// <summary>SIGKILL: no shutdown, no lease release.</summary>
    public void Kill() => _process?.Kill();

    public void Dispose()
    {
        _process?.Dispose();
        Api.Dispose();
        Anonymous.Dispose();
    }

    public override string ToString() => _process?.ToString() ?? $"{Id} (not started)";
}
