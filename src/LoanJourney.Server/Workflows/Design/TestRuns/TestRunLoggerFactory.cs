using LoanJourney.Server.Logging;

namespace LoanJourney.Server.Workflows.Design.TestRuns;

/// <summary>
/// The loggers of a draft test run's isolated engine (its dispatcher, activities, lender clients, Polly): the server's own
/// sinks, with every event marked as the run's and never above <see cref="LogLevel.Information"/>. A test run is a
/// designer's rehearsal against the sandbox: its journey faulting at a scenario's KYC failure is what the designer asked
/// to see (the run's report shows it), not an incident of the server's, so it must not raise the error an operator's
/// alert counts. The event keeps its level as <c>TestRunLevel</c>, and <c>TestRunId</c> (the run's folder and
/// <c>X-Sandbox-Test-Run</c> value) and <c>TestRunWorkflowId</c> say whose it is; the console line starts with
/// "test run {id}:" (<see cref="LoggingSetup.TestRunTag"/>; docs/server.md, "Logging").
/// </summary>
internal sealed class TestRunLoggerFactory(ILoggerFactory server, string runId, string workflowId) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new TestRunLogger(server.CreateLogger(categoryName), runId, workflowId);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException("A test run logs through the server's providers.");

    // The server's factory belongs to the server: the run's host must not dispose it when it stops.
    public void Dispose()
    {
    }

    private sealed class TestRunLogger(ILogger inner, string runId, string workflowId) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && inner.IsEnabled(Capped(logLevel));

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var level = Capped(logLevel);
            if (logLevel == LogLevel.None || !inner.IsEnabled(level))
            {
                return;
            }

            using (inner.BeginScope(new TestRunScope(runId, workflowId, logLevel)))
            {
                inner.Log(level, eventId, state, exception, formatter);
            }
        }

        private static LogLevel Capped(LogLevel level) => level > LogLevel.Information ? LogLevel.Information : level;
    }

    // A scope of key/value pairs: Serilog's provider turns each into a property of the events logged inside it.
    private sealed class TestRunScope(string runId, string workflowId, LogLevel level) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public int Count => 4;

        public KeyValuePair<string, object?> this[int index] => index switch
        {
            0 => new("TestRunId", runId),
            1 => new("TestRunWorkflowId", workflowId),
            2 => new("TestRunLevel", level.ToString()),
            3 => new(LoggingSetup.TestRunTag, $"test run {runId}: "),
            _ => throw new ArgumentOutOfRangeException(nameof(index)),
        };

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            for (var i = 0; i < Count; i++)
            {
                yield return this[i];
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => $"test run {runId}";
    }
}
