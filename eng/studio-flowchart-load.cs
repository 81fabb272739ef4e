#:package Microsoft.Playwright
#:property PublishAot=false
// What opening a journey view costs in the Studio, in headless Chromium (docs/PERFORMANCE.md, "Saved layouts of the
// shipped workflows"): time until its flowchart is drawn, and the bytes the page fetched.
//
//   SAMPLE=workflows/samples/capitalfloat-paylater.json dotnet run eng/studio-flowchart-load.cs -- RUNS LABEL=URL [LABEL=URL ...]
//
// Each URL is a running server (Development, API key dev-key, lenders pointed at its sandbox). On each, a
// capitalfloat-paylater journey is started; then, RUNS + 1 times, interleaved across the servers (the first round only
// warms them up): a fresh browser context (empty cache), sign in, open #/journeys/{id}, time until the step 'tranche'
// is drawn (the flowchart is drawn once its layout is known); bytes = the bytes on the wire of the responses' bodies: the
// larger of Content-Length and Playwright's body size (Playwright reports 0 as the body size of a worker's script; the
// server sets Content-Length on every Studio file, and for an encoded one it is the encoded length, see docs/studio.md
// "How the server sends the Studio"); then a reload in the same context (HTTP cache warm), timed the same way. Prints
// every run (with how many responses came with which Content-Encoding) and the medians.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

var runs = int.Parse(args[0], CultureInfo.InvariantCulture);
var servers = args.Skip(1).Select(a => a.Split('=', 2)).Select(p => (Label: p[0], Url: p[1].TrimEnd('/') + "/")).ToList();
var chromium = Environment.GetEnvironmentVariable("LJ_STUDIO_CHROMIUM") is { Length: > 0 } chosen ? chosen
    : File.Exists("/usr/lib/chromium/chromium-headless-shell") ? "/usr/lib/chromium/chromium-headless-shell" : "/usr/bin/chromium";
using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new()
{
    ExecutablePath = chromium,
    Headless = true,
    Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
});
var sample = JsonNode.Parse(File.ReadAllText(Environment.GetEnvironmentVariable("SAMPLE") ?? "workflows/samples/capitalfloat-paylater.json"))!;
var journeys = new Dictionary<string, string>();
foreach (var (label, url) in servers)
{
    using var http = new HttpClient { BaseAddress = new Uri(url) };
    http.DefaultRequestHeaders.Add("X-Api-Key", "dev-key");
    var input = sample.DeepClone();
    input["appId"] = "CFAPP-" + Guid.NewGuid().ToString("N")[..8];
    using var body = new StringContent(input.ToJsonString(), Encoding.UTF8, "application/json");
    using var started = await http.PostAsync(new Uri("api/workflows/capitalfloat-paylater/instances", UriKind.Relative), body);
    started.EnsureSuccessStatusCode();
    journeys[label] = JsonNode.Parse(await started.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
}

var results = servers.ToDictionary(s => s.Label, _ => new List<(double Cold, long Bytes, int Requests, bool Elk, double Warm)>());
for (var i = 0; i <= runs; i++)
{
    foreach (var (label, url) in servers)
    {
        await using var context = await browser.NewContextAsync(new() { BaseURL = url, ViewportSize = new() { Width = 1366, Height = 900 } });
        var session = await context.APIRequest.PostAsync("api/session", new() { Headers = new Dictionary<string, string> { ["X-Api-Key"] = "dev-key" } });
        if (!session.Ok)
        {
            throw new InvalidOperationException($"POST /api/session answered {session.Status}.");
        }

        var page = await context.NewPageAsync();
        long bytes = 0;
        var requests = 0;
        var elk = false;
        var encodings = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        var pending = new List<Task>();
        page.RequestFinished += (_, request) =>
        {
            requests++;
            elk |= request.Url.Contains("/elk-", StringComparison.Ordinal);
            pending.Add(Task.Run(async () =>
            {
                var sizes = await request.SizesAsync();
                var headers = (await request.ResponseAsync())?.Headers;
                var length = headers?.TryGetValue("content-length", out var header) == true ? long.Parse(header, CultureInfo.InvariantCulture) : 0;
                encodings.AddOrUpdate(headers?.GetValueOrDefault("content-encoding") ?? "plain", 1, (_, n) => n + 1);
                Interlocked.Add(ref bytes, Math.Max(length, sizes.ResponseBodySize));
            }));
        };
        var node = page.Locator("[data-testid='step-node'][data-step-id='tranche']");
        var clock = Stopwatch.StartNew();
        await page.GotoAsync("studio/#/journeys/" + journeys[label], new() { WaitUntil = WaitUntilState.Commit });
        await node.WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 120_000 });
        var cold = clock.Elapsed.TotalMilliseconds;
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Task.WhenAll([.. pending]);
        var (coldBytes, coldRequests, coldElk) = (Interlocked.Read(ref bytes), requests, elk);
        var coldEncodings = string.Join(' ', encodings.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}={e.Value}"));
        clock.Restart();
        await page.ReloadAsync(new() { WaitUntil = WaitUntilState.Commit });
        await node.WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 120_000 });
        var warm = clock.Elapsed.TotalMilliseconds;
        if (i > 0)
        {
            results[label].Add((cold, coldBytes, coldRequests, coldElk, warm));
        }

        Console.WriteLine(FormattableString.Invariant(
            $"{label} run {i}: cold {cold:F0} ms, {coldBytes / 1024.0:F0} KiB in {coldRequests} requests ({coldEncodings}), elk={coldElk}; reload {warm:F0} ms"));
    }
}

foreach (var (label, list) in results.Where(r => r.Value.Count > 0))
{
    Console.WriteLine(FormattableString.Invariant(
        $"{label}: cold median {Median(list.Select(r => r.Cold)):F0} ms (min {list.Min(r => r.Cold):F0}, max {list.Max(r => r.Cold):F0}); ") +
        FormattableString.Invariant(
        $"bytes median {Median(list.Select(r => (double)r.Bytes)) / 1024:F0} KiB; reload median {Median(list.Select(r => r.Warm)):F0} ms ") +
        FormattableString.Invariant(
        $"(min {list.Min(r => r.Warm):F0}, max {list.Max(r => r.Warm):F0}); ELK loaded in {list.Count(r => r.Elk)}/{list.Count}"));
}

static double Median(IEnumerable<double> values)
{
    var a = values.Order().ToArray();
    return a.Length % 2 == 1 ? a[a.Length / 2] : (a[(a.Length / 2) - 1] + a[a.Length / 2]) / 2;
}
