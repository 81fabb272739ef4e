namespace LoanJourney.Server.Tests.Support;

/// <summary>The test server (<see cref="ServerFactory"/>) listening on a real loopback port: requests go over real HTTP.</summary>
public sealed class KestrelServer : IDisposable
{
    private readonly ServerFactory _factory = new();

    public KestrelServer()
    {
        _factory.UseKestrelOnLoopback();
        _factory.StartServer();
    }

    public HttpClient CreateApiClient() => _factory.CreateApiClient();

    public void Dispose() => _factory.Dispose();
}
