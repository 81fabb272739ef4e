using LoanJourney.Sandbox.Durability;
using LoanJourney.Sandbox.Infrastructure;
using LoanJourney.Sandbox.Scenarios;
using Microsoft.Extensions.Options;

namespace LoanJourney.Sandbox.CapitalFloat;

/// <summary>Pay-later state (durable, see <see cref="SandboxState"/>); every read and write happens under <see cref="Gate"/>.</summary>
internal sealed class CapitalFloatStore(IOptions<SandboxOptions> options, SandboxState state) : IResettable, IDurableState
{
    private readonly DurableMap<PayLaterApp> _apps = new("capitalfloat.app", state);

    public Lock Gate { get; } = new();

    /// <summary>Any app_id is an app (created on first use) unless its scenario says it does not exist.</summary>
    public PayLaterApp? App(string appId)
    {
        var scenario = ScenarioTable.For(appId);
        if (scenario.BlockError?.Status == -400)
        {
            return null;
        }

        if (!_apps.TryGetValue(appId, out var app))
        {
            app = new PayLaterApp(appId, scenario, scenario.CreditLimit ?? options.Value.CreditLimit);
            _apps[appId] = app;
        }

        return app;
    }

    public PayLaterBlock? Block(string appId, string orderId) =>
        _apps.TryGetValue(appId, out var app) ? app.Blocks.GetValueOrDefault(orderId) : null;

    /// <summary>Every block, by app and order id, read only (enumerated, not looked up: nothing is marked changed).</summary>
    public IEnumerable<(string AppId, PayLaterBlock Block)> Blocks() =>
        _apps.Values.OrderBy(a => a.AppId, StringComparer.Ordinal)
            .SelectMany(a => a.Blocks.Values.OrderBy(b => b.OrderId, StringComparer.Ordinal).Select(b => (a.AppId, b)));

    public void Reset()
    {
        lock (Gate)
        {
            _apps.Clear();
        }
    }

    public void Flush(IDocumentWriter writer)
    {
        lock (Gate)
        {
            _apps.Flush(writer);
        }
    }
}
