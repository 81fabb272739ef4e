namespace LoanJourney.Studio.Tests.Support;

/// <summary>
/// A test OpenID provider (<see cref="TestOpenIdProvider"/>) and a server and Chromium of their own whose server accepts its
/// tokens (<c>Server:Oidc</c>), for the token sign-in tests (<see cref="StudioOidcTestGroup"/>). The server re-checks an open
/// live-update stream every second, so a session whose token has expired ends on the page without waiting 15 s, and
/// logs at Information, so the tests read the operator actions' lines (and find no token in any line).
/// </summary>
public sealed class OidcStudioFixture : IAsyncLifetime, IDisposable
{
    private TestOpenIdProvider? _provider;
    private StudioFixture? _studio;

    internal TestOpenIdProvider Provider => _provider ?? throw new InvalidOperationException("Not started.");

    internal StudioFixture Studio => _studio ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        _provider = await TestOpenIdProvider.StartAsync();
        _studio = new StudioFixture([
            .. _provider.ServerSettings(),
            KeyValuePair.Create("Server:Events:SessionRecheck", "00:00:01"),
            KeyValuePair.Create("Serilog:MinimumLevel:Default", "Information"),
        ]);
        await _studio.InitializeAsync();
    }

    public void Dispose() => _studio?.Dispose();

    public async Task DisposeAsync()
    {
        if (_studio is not null)
        {
            await _studio.DisposeAsync();
        }

        if (_provider is not null)
        {
            await _provider.DisposeAsync();
        }
    }
}
