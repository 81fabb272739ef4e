using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Playwright;

namespace LoanJourney.Studio.Tests.Support;

/// <summary>A page of the Studio in its own browser context, with every console error and page error it logs.</summary>
internal sealed class StudioPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly ServerProcess _server;
    private readonly List<string> _errors = [];
    private readonly ConcurrentDictionary<IRequest, long> _inFlight = new();
    private readonly ConcurrentQueue<string> _failedRequests = new();
    private readonly ConcurrentQueue<string> _requested = new();
    private readonly string? _trace;
    private volatile bool _crashed;

    public StudioPage(IBrowserContext context, IPage page, ServerProcess server, string? trace = null)
    {
        _context = context;
        _server = server;
        _trace = trace;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (_errors)
                {
                    _errors.Add($"console error: {message.Text} ({message.Location})");
                }
            }
        };
        page.Request += (_, request) =>
        {
            _inFlight[request] = Stopwatch.GetTimestamp();
            _requested.Enqueue(request.Url);
        };
        page.RequestFinished += (_, request) => _inFlight.TryRemove(request, out long _);
        page.RequestFailed += (_, request) =>
        {
            _inFlight.TryRemove(request, out long _);
            _failedRequests.Enqueue($"{request.Method} {request.Url}: {request.Failure}");
        };
        page.Crash += (_, _) => _crashed = true;
        page.PageError += (_, error) =>
        {
            lock (_errors)
            {
                _errors.Add($"page error: {error}");
            }
        };
    }

    public IPage Page { get; }

    /// <summary>Every URL the page has requested so far, in order.</summary>
    public IReadOnlyCollection<string> RequestedUrls => [.. _requested];

    /// <summary>
    /// Opens a Studio route (hash routing), e.g. <c>/journeys?status=Faulted</c>, and waits until the Studio has rendered
    /// (its root has content), not for the page's <c>load</c> event: on a loaded two-core machine (CI runs the scale-out
    /// cluster beside these tests) the first render has taken longer than Playwright's 30 s default. The deadline is a
    /// safety net only: the wait ends as soon as the Studio is there; what a test checks next it waits for itself. A page
    /// that rendered nothing at all within <see cref="StudioFixture.StallDeadline"/> is reloaded once; the error then says
    /// what the browser was still waiting for, both times.
    /// </summary>
    public async Task GotoAsync(string route)
    {
        await Page.GotoAsync("studio/#" + route, new PageGotoOptions { WaitUntil = WaitUntilState.Commit, Timeout = (float)StudioFixture.LoadDeadline.TotalMilliseconds });
        if (await RenderedWithinAsync(StudioFixture.StallDeadline))
        {
            return;
        }

        // Nothing at all rendered: the page stalled (CI once saw 90 s without a render, cause unknown). Say what it waited
        // for, and load it once more; a Studio that cannot render fails the second time too, with both descriptions.
        var firstStall = DescribeStall(route, StudioFixture.StallDeadline);
        await Console.Error.WriteLineAsync(firstStall + Environment.NewLine + "Reloading once.");
        await Page.ReloadAsync(new PageReloadOptions { WaitUntil = WaitUntilState.Commit, Timeout = (float)StudioFixture.LoadDeadline.TotalMilliseconds });
        if (!await RenderedWithinAsync(StudioFixture.LoadDeadline))
        {
            throw new TimeoutException(firstStall + Environment.NewLine + "After one reload:" + Environment.NewLine + DescribeStall(route, StudioFixture.LoadDeadline));
        }
    }

    private async Task<bool> RenderedWithinAsync(TimeSpan deadline)
    {
        try
        {
            await Page.WaitForSelectorAsync("#root > *", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached, Timeout = (float)deadline.TotalMilliseconds });
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Why a page did not render: what the browser still waited for, what failed, what it logged, the server's last lines.</summary>
    private string DescribeStall(string route, TimeSpan waited)
    {
        var now = Stopwatch.GetTimestamp();
        var inFlight = _inFlight.Select(r => $"  {r.Key.Method} {r.Key.Url} ({Stopwatch.GetElapsedTime(r.Value, now).TotalSeconds:F1} s)").ToList();
        List<string> errors;
        lock (_errors)
        {
            errors = [.. _errors];
        }

        return string.Join(Environment.NewLine, [
            $"The Studio did not render {route} within {waited.TotalSeconds:F0} s (renderer crashed: {_crashed}).",
            "Requests still in flight:", .. inFlight.DefaultIfEmpty("  none"),
            "Requests failed:", .. _failedRequests.Select(f => "  " + f).DefaultIfEmpty("  none"),
            "Console and page errors:", .. errors.Select(e => "  " + e).DefaultIfEmpty("  none"),
            "Server output (tail):", _server.OutputTail,
        ]);
    }

    public ILocator TestId(string id) => Page.GetByTestId(id);

    /// <summary>
    /// Waits until <paramref name="target"/> has attribute <paramref name="name"/> = <paramref name="value"/> (as
    /// <c>ToHaveAttributeAsync</c>, with the same deadline) on a page too large for Playwright's own expectation. Playwright
    /// 1.64's <c>expect</c> builds an ARIA snapshot of the element (of its whole subtree, whatever the depth it prints) on
    /// every poll that does not match yet, in the page's renderer: on the journey page of a 20,000-entry journal (4,000
    /// entries shown, each with its bodies) one snapshot took seconds of the renderer's only thread, 38 of the 50 s the page's
    /// JavaScript ran in a passing run (CPU profile, session 48), and on a loaded machine the polls left the page no time to
    /// read its answers: the journey was Completed, the page's GETs answered by the server in 1 ms stayed "in flight" 179 s,
    /// and the expectation failed on "Waiting". A count of matching elements is checked without a snapshot.
    /// </summary>
    public async Task ExpectAttributeAsync(ILocator target, string name, string value)
    {
        try
        {
            await Assertions.Expect(target.And(Page.Locator($"[{name}=\"{value}\"]"))).ToHaveCountAsync(1);
        }
        catch (PlaywrightException e)
        {
            var actual = await target.GetAttributeAsync(name, new LocatorGetAttributeOptions { Timeout = 5000 });
            throw new PlaywrightException($"{target} was expected to have {name}=\"{value}\" within {StudioFixture.ExpectDeadline.TotalSeconds:F0} s; it has \"{actual}\". {e.Message}", e);
        }
    }

    public ILocator Row(string instanceId) => Page.Locator($"[data-testid='instance-row'][data-instance-id='{instanceId}']");

    public ILocator StepNode(string stepId) => Page.Locator($"[data-testid='step-node'][data-step-id='{stepId}']");

    /// <summary>
    /// Gives <paramref name="target"/> the keyboard focus, as Tab would, once it can take it. React Flow draws a step it has
    /// not measured yet with <c>visibility: hidden</c>, and <c>focus()</c> on a hidden element does nothing: on a loaded
    /// machine the measuring frame comes late, so a focus sent when the step was merely attached was lost, and the Enter
    /// after it went to the page (stop 52: a step never selected, 90 s of <c>aria-pressed="false"</c>).
    /// </summary>
    public async Task FocusAsync(ILocator target)
    {
        await Assertions.Expect(target).ToBeVisibleAsync();
        await target.FocusAsync();
        await Assertions.Expect(target).ToBeFocusedAsync();
    }

    public async Task ScreenshotAsync(string name)
    {
        await Page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(RepositoryPaths.Screenshots, name + ".png"),
            FullPage = false,
        });
    }

    /// <summary>
    /// No console error and no uncaught exception so far (the issue: "no console errors"); <paramref name="except"/>
    /// names the one error a test provokes on purpose (Chromium logs every 4xx answer, e.g. an expected 409).
    /// </summary>
    public void AssertNoConsoleErrors(string? except = null)
    {
        lock (_errors)
        {
            var unexpected = _errors.Where(e => except is null || !e.Contains(except, StringComparison.Ordinal)).ToList();
            Assert.True(unexpected.Count == 0, string.Join(Environment.NewLine, unexpected) + Environment.NewLine + _server.OutputTail);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_trace is not null)
        {
            await _context.Tracing.StopAsync(new TracingStopOptions { Path = _trace });
            await Console.Error.WriteLineAsync($"Playwright trace: {_trace}");
        }

        await _context.CloseAsync();
    }
}
