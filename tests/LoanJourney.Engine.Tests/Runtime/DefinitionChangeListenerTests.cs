using LoanJourney.Engine.Runtime;
using LoanJourney.Engine.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace LoanJourney.Engine.Tests.Runtime;

public sealed class DefinitionChangeListenerTests
{
    // Listening for published definitions failed every MaxPollInterval through a database outage, each time with its stack
    // (1004). Now the outage's first failure has the stack, one summary a minute the rest, and listening again says so.
    [Fact]
    public async Task LostNotifications_AreLoggedWithOneStack_ThenASummaryAMinute_ThenTheRecovery()
    {
        const int Failures = 40;
        using var logs = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(logs));
        await using var engine = await EngineHarness.StartAsync();
        var attempts = 0;
        var store = ListeningStore.Create(engine.Store, async (onChange, token) =>
        {
            if (Interlocked.Increment(ref attempts) <= Failures)
            {
                throw new TimeoutException("The database does not answer.");
            }

            onChange(null);
            await Task.Delay(Timeout.Infinite, token);
        });
        var clock = new CountingClock();
        var options = engine.Services.GetRequiredService<EngineOptions>();
        using var listener = new DefinitionChangeListener(
            store, engine.Catalog, engine.Services.GetRequiredService<EngineInitializer>(), options, clock, loggers.CreateLogger<DefinitionChangeListener>());

        using var stop = new CancellationTokenSource();
        await listener.StartAsync(stop.Token);
        try
        {
            for (var attempt = 1; attempt <= Failures; attempt++)
            {
                // Moved only once the listener waits for its retry (its timer made), so each move is one retry.
                await EngineHarness.WaitUntilAsync(() => clock.Timers >= attempt);
                clock.Advance(options.MaxPollInterval);
            }

            await EngineHarness.WaitUntilAsync(() => Volatile.Read(ref attempts) > Failures);
            var stack = Assert.Single(logs.Entries, e => e.Exception is not null);
            Assert.Equal((LogLevel.Warning, 1004), (stack.Level, stack.EventId.Id));
            await EngineHarness.WaitUntilAsync(() => logs.Entries.Any(e => e.EventId.Id == 3018));
            Assert.Equal(
                [
                    "Definition notifications still failing (TimeoutException) for 00:01:00, 31 attempts; retrying every 00:00:02",
                    "Definition notifications recovered after 40 failed attempts over 00:01:20",
                ],
                logs.Entries.Where(e => e.EventId.Id is 3017 or 3018).Select(e => e.Message));
        }
        finally
        {
            await stop.CancelAsync();
            await listener.StopAsync(CancellationToken.None);
        }
    }

    private sealed class CountingClock() : FakeTimeProvider(EngineHarness.Start)
    {
        private int _timers;

        public int Timers => Volatile.Read(ref _timers);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Interlocked.Increment(ref _timers);
            return base.CreateTimer(callback, state, dueTime, period);
        }
    }
}
