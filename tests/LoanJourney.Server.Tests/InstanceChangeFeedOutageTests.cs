using System.Reflection;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Runtime;
using LoanJourney.Server.Events;
using LoanJourney.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace LoanJourney.Server.Tests;

/// <summary>
/// The live-update feed through a store outage (walk 45: 33 stacks in 7 s from one node while PostgreSQL was down and a
/// Studio connected): one stack, then a summary a minute, then one line when the store answers again.
/// </summary>
public sealed class InstanceChangeFeedOutageTests
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task AFeedFailingEveryPoll_LogsOneStack_ThenASummaryAMinute_ThenItsRecovery()
    {
        using var logs = new CapturingLoggerProvider();
        var clock = new FakeTimeProvider();
        var store = StoreProxy.Create();
        var configuration = new ConfigurationBuilder().Build();
        using var feed = new InstanceChangeFeed(store.Client, clock, configuration, new Logger(logs));
        using var studio = new CancellationTokenSource();
        feed.Subscribe(studio.Token);

        // 70 s of polls every 300 ms with the store down: 234 failed reads.
        store.Down = true;
        for (var poll = 0; poll < 234; poll++)
        {
            await feed.PollOnceAsync(CancellationToken.None);
            clock.Advance(Poll);
        }

        store.Down = false;
        await feed.PollOnceAsync(CancellationToken.None);

        var written = logs.Entries.Where(e => e.EventId.Id != 2005).ToList(); // 2005: the subscriber count, at debug
        Assert.Equal([2006, 3017, 3018], written.Select(e => e.EventId.Id));
        Assert.NotNull(written[0].Exception);
        Assert.Contains("store is down", written[0].Exception, StringComparison.Ordinal);
        Assert.Null(written[1].Exception);
        Assert.Equal(
            "Live updates still failing (TimeoutException) for 00:01:00, 201 attempts; retrying every 00:00:00.3000000",
            written[1].Message);
        Assert.Equal("Live updates recovered after 234 failed attempts over 00:01:10", written[2].Message);
    }

    private sealed class Logger(CapturingLoggerProvider logs) : ILogger<InstanceChangeFeed>
    {
        private readonly ILogger _inner = logs.CreateLogger(typeof(InstanceChangeFeed).FullName!);

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => _inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => _inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _inner.Log(logLevel, eventId, state, exception, formatter);
    }

    /// <summary>A store whose change reads fail while <see cref="Down"/>; the feed calls nothing else.</summary>
    public class StoreProxy : DispatchProxy
    {
        public bool Down { get; set; }

        public static StoreProxy Create() => (StoreProxy)(object)DispatchProxy.Create<IWorkflowClient, StoreProxy>();

        public IWorkflowClient Client => (IWorkflowClient)(object)this;

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod?.Name != nameof(IWorkflowClient.GetChangesAsync))
            {
                throw new NotSupportedException(targetMethod?.Name);
            }

            return Down
                ? Task.FromException<ChangePage>(new TimeoutException("The store is down"))
                : Task.FromResult(new ChangePage([], null, 0));
        }
    }
}
