namespace LoanJourney.Server.Tests.Support;

/// <summary>
/// The test server with the embedded lender sandbox on, over real HTTP on a free loopback port. Its own lender settings point at a
/// host that does not exist: a draft test run must reach the sandbox whatever they say.
/// </summary>
public sealed class SandboxKestrelServer : IDisposable
{
    private readonly ServerFactory _factory = new(new Dictionary<string, string?>
    {
        ["Sandbox:Enabled"] = "true",
        ["Sandbox:ProcessingPolls"] = "1",
        ["Lenders:FinBoxPrism:BaseUrl"] = "https://real-lender.invalid/",
        ["Lenders:FinBoxSourcing:BaseUrl"] = "https://real-lender.invalid/",
        ["Lenders:CapitalFloat:BaseUrl"] = "https://real-lender.invalid/",
        ["Lenders:Partner:BaseUrl"] = "https://real-lender.invalid/",
        ["Server:MaxBodyBytes"] = "65536",
    });

    public SandboxKestrelServer()
    {
        _factory.UseKestrel(0);
        _factory.StartServer();
    }

    public HttpClient CreateApiClient()
    {
        var client = _factory.CreateApiClient();
        client.Timeout = TimeSpan.FromMinutes(5);
        return client;
    }

    public void Dispose() => _factory.Dispose();
}
