using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace LoanJourney.Hosting;

/// <summary>
/// .NET's console logger without the host's own report of a start refused on purpose ("Hosting failed to start", event 11 of
/// <c>Microsoft.Extensions.Hosting.Internal.Host</c>, with an exception <see cref="StartFailure.IsExpected"/>): the process says
/// it in one line on stderr (<see cref="StartFailure.Report"/>), and the host's event put the refusal's whole stack on the
/// console above that line (the standalone sandbox on a taken port, session 48). The server's Serilog console does the same
/// (LoanJourney.Server.Logging.StartRefusalLogFilter). An unexpected exception's event stays, stack and all, as does every
/// other event of the host and every other provider.
/// </summary>
public static class StartRefusalConsole
{
    private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";
    private const int HostedServiceStartupFaulted = 11;

    /// <summary>Replaces the console logger the builder registered (if any) with one that leaves the host's report of a refusal out.</summary>
    /// <param name="logging">The application's logging builder.</param>
    public static ILoggingBuilder LeaveStartRefusalsOffTheConsole(this ILoggingBuilder logging)
    {
        ArgumentNullException.ThrowIfNull(logging);
        var console = logging.Services.FirstOrDefault(d => d.ServiceType == typeof(ILoggerProvider) && d.ImplementationType == typeof(ConsoleLoggerProvider));
        if (console is not null)
        {
            logging.Services.Remove(console);
            logging.Services.AddSingleton<ILoggerProvider>(sp => new Provider(ActivatorUtilities.CreateInstance<ConsoleLoggerProvider>(sp)));
        }

        return logging;
    }

    /// <summary>True for the host's report of a start refused on purpose (also the server's Serilog console filter's test).</summary>
    /// <param name="category">The event's logger category.</param>
    /// <param name="eventId">The event's id.</param>
    /// <param name="exception">The event's exception.</param>
    public static bool IsHostsReportOfARefusal(string? category, int eventId, Exception? exception) =>
        category == HostCategory && eventId == HostedServiceStartupFaulted && exception is not null && StartFailure.IsExpected(exception);

    // The console's alias, so Logging:Console settings still apply to it.
    [ProviderAlias("Console")]
    private sealed class Provider(ConsoleLoggerProvider console) : ILoggerProvider, ISupportExternalScope
    {
        public ILogger CreateLogger(string categoryName) =>
            categoryName == HostCategory ? new HostLogger(console.CreateLogger(categoryName)) : console.CreateLogger(categoryName);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => console.SetScopeProvider(scopeProvider);

        public void Dispose() => console.Dispose();
    }

    private sealed class HostLogger(ILogger console) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => console.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => console.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsHostsReportOfARefusal(HostCategory, eventId.Id, exception))
            {
                console.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
