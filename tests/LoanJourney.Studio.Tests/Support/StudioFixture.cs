using System.Runtime.CompilerServices;
using Microsoft.Playwright;

namespace LoanJourney.Studio.Tests.Support;

/// <summary>One server and one headless Chromium for a group of browser tests (<see cref="StudioTestGroup"/>); each test opens its own browser context.</summary>
public sealed class StudioFixture : IAsyncLifetime, IDisposable
{
    /// <summary>Debian's Chromium headless shell (package <c>chromium-headless-shell</c>), which <c>eng/install-prereqs.sh</c> installs.</summary>
    public const string HeadlessShellPath = "/usr/lib/chromium/chromium-headless-shell";

    /// <summary>Debian's full Chromium, in its headless mode.</summary>
    public const string FullChromiumPath = "/usr/bin/chromium";

    /// <summary>
    /// The browser the tests drive (Debian's builds: Playwright's own browser download does not work on these machines):
    /// <c>LJ_STUDIO_CHROMIUM</c> when set, else the headless shell when installed, else the full Chromium. The headless shell
    /// is Chromium's own headless build (the same Blink and V8), what Playwright runs headless tests in by default; here it
    /// spends a fifth of the full browser's CPU on opening a page (docs/studio.md, "Browser tests").
    /// </summary>
    public static readonly string ChromiumPath = Environment.GetEnvironmentVariable("LJ_STUDIO_CHROMIUM") is { Length: > 0 } chosen
        ? chosen
        : File.Exists(HeadlessShellPath) ? HeadlessShellPath : FullChromiumPath;

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    /// <summary>How long opening a page may take before a test fails (a safety net; every wait ends when its condition holds).</summary>
    internal static readonly TimeSpan LoadDeadline = TimeSpan.FromSeconds(90);

    /// <summary>After this long without any render, a page is taken as stalled and reloaded once (see <see cref="StudioPage.GotoAsync"/>).</summary>
    internal static readonly TimeSpan StallDeadline = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long an expectation may wait for the Studio to show what it checks (live updates on a loaded machine). A safety
    /// net only (an expectation ends as soon as it holds): CI runs the scale-out cluster beside these tests on two cores,
    /// and there a renderer starved for more than 30 s failed an expectation whose condition already held.
    /// </summary>
    internal static readonly TimeSpan ExpectDeadline = TimeSpan.FromSeconds(90);

    /// <summary>How long a journey may take to reach what a test waits for (server work: lender calls, polls, timers) on a loaded machine.</summary>
    internal static readonly TimeSpan JourneyDeadline = TimeSpan.FromSeconds(180);

    /// <summary>
    /// Where Playwright traces go when <c>LJ_STUDIO_TRACE</c> is set (<c>1</c>: <c>artifacts/traces</c>; else the folder it
    /// names), one per page a test opens (<c>{test}-{UTC time}.zip</c>, open with <c>npx playwright show-trace</c> or unzip
    /// it); null (no tracing) otherwise. For chasing a rare failure: loop the test and keep the traces of failed runs.
    /// </summary>
    internal static readonly string? TraceFolder = Environment.GetEnvironmentVariable("LJ_STUDIO_TRACE") switch
    {
        null or "" or "0" => null,
        "1" => Path.Combine(RepositoryPaths.Root, "artifacts", "traces"),
        var folder => Path.GetFullPath(folder),
    };

    /// <summary>
    /// <c>LJ_STUDIO_CPU_SLOWDOWN=&lt;rate&gt;</c> (e.g. 4; unset: none): every page's renderer runs that many times slower,
    /// as on CI's loaded two cores, without loading the machine for anyone else. For reproducing a failure seen only under
    /// load: LongJournalTests failed alone at 4 as in CI (session 48).
    /// </summary>
    internal static readonly double? CpuSlowdown = double.TryParse(Environment.GetEnvironmentVariable("LJ_STUDIO_CPU_SLOWDOWN"),
        System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var rate) && rate > 1 ? rate : null;

    private readonly IEnumerable<KeyValuePair<string, string>>? _serverSettings;
    private ServerProcess? _server;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private JourneyApi? _api;

    public StudioFixture()
    {
    }

    /// <summary>A fixture whose server runs with <paramref name="serverSettings"/> beside the defaults (<see cref="OidcStudioFixture"/>).</summary>
    internal StudioFixture(IEnumerable<KeyValuePair<string, string>> serverSettings) => _serverSettings = serverSettings;

    internal ServerProcess Server => _server ?? throw new InvalidOperationException("Not started.");

    internal JourneyApi Api => _api ?? throw new InvalidOperationException("Not started.");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Not started.");

    public Uri BaseAddress => Server.BaseAddress;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: run eng/install-prereqs.sh (apt-get install chromium chromium-headless-shell).");
        }

        Assertions.SetDefaultExpectTimeout((float)ExpectDeadline.TotalMilliseconds);
        var serverStart = ServerProcess.StartAsync(TimeSpan.FromSeconds(180), extraSettings: _serverSettings);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
        _server = await serverStart;
        _api = new JourneyApi(_server.BaseAddress);
        Directory.CreateDirectory(RepositoryPaths.Screenshots);
    }

    /// <summary>
    /// A fresh browser context (own cookies) and page that records console errors, signed in with <paramref name="apiKey"/>
    /// (the Admin's development key unless a test is about a role), on this group's server or on <paramref name="server"/>.
    /// </summary>
    internal async Task<StudioPage> OpenAsync(bool signedIn = true, int width = 1366, int height = 900, string apiKey = ServerProcess.ApiKey, ServerProcess? server = null, [CallerMemberName] string test = "")
    {
        server ??= Server;
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        if (signedIn)
        {
            // The same exchange the sign-in form makes; the cookie lands in this context's jar.
            var session = await context.APIRequest.PostAsync("api/session", new APIRequestContextOptions
            {
                Headers = new Dictionary<string, string> { ["X-Api-Key"] = apiKey },
            });
            if (!session.Ok)
            {
                throw new InvalidOperationException($"POST /api/session answered {session.Status}.");
            }
        }

        context.SetDefaultTimeout((float)ExpectDeadline.TotalMilliseconds);
        context.SetDefaultNavigationTimeout((float)LoadDeadline.TotalMilliseconds);
        string? trace = null;
        if (TraceFolder is { } folder)
        {
            // A Playwright trace of this page (actions, DOM snapshots, console, network), written when the page is closed.
            await context.Tracing.StartAsync(new TracingStartOptions { Title = test, Snapshots = true, Screenshots = true, Sources = false });
            Directory.CreateDirectory(folder);
            trace = Path.Combine(folder, $"{test}-{TimeProvider.System.GetUtcNow():yyyyMMdd-HHmmss-fff}.zip");
        }

        var page = await context.NewPageAsync();
        if (CpuSlowdown is { } rate)
        {
            // Chromium's own CPU throttling of this page's renderer (DevTools' "CPU throttling"), for this page only.
            var devTools = await context.NewCDPSessionAsync(page);
            await devTools.SendAsync("Emulation.setCPUThrottlingRate", new Dictionary<string, object> { ["rate"] = rate });
        }

        return new StudioPage(context, page, server, trace);
    }

    public void Dispose() => _api?.Dispose();

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
