using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;
using LoanJourney.Engine.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LoanJourney.Engine.Runtime;

/// <summary>
/// On a store shared by several nodes (<see cref="IDefinitionNotificationSource"/>: PostgreSQL), refreshes this node's
/// catalog when any node publishes, so a new version is served everywhere within a second. Notifications are coalesced:
/// a burst of publishes costs one refresh. A lost connection is retried after <see cref="EngineOptions.MaxPollInterval"/>,
/// and listening again refreshes once (a publish may have been missed meanwhile).
/// </summary>
public sealed class DefinitionChangeListener(
    IWorkflowStore store,
    WorkflowDefinitionCatalog catalog,
    EngineInitializer initializer,
    EngineOptions options,
    TimeProvider time,
    ILogger<DefinitionChangeListener> logger) : BackgroundService
{
    private readonly Channel<bool> _pending = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    // Initializing and listening, one after the other: an outage is one streak, its stack logged once.
    private readonly FailureStreak _failures = new("Definition notifications", options.MaxPollInterval, time, logger);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (store is not IDefinitionNotificationSource source)
        {
            return;
        }

        if (!await InitializeAsync(stoppingToken))
        {
            return;
        }

        var refreshing = RefreshLoopAsync(stoppingToken);
        await ListenLoopAsync(source, stoppingToken);
        await refreshing;
    }

    // The store may be unreachable at start (the dispatcher waits for it the same way): never stop the host for it.
    [SuppressMessage("Design", "CA1031:Do not catch general exception types",
        Justification = "Initialization is retried after any failure until the node stops.")]
    private async Task<bool> InitializeAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                await initializer.EnsureInitializedAsync(stoppingToken);
                _failures.Succeeded();
                return true;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return false;
            }
            catch (Exception ex)
            {
                LogFailure(ex);
                try
                {
                    await Task.Delay(options.MaxPollInterval, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return false;
                }
            }
        }
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types",
        Justification = "A failed refresh keeps the versions served so far; the next notification or reconnect refreshes again.")]
    private async Task RefreshLoopAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var _ in _pending.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await catalog.RefreshAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    EngineLog.DefinitionListenFailed(logger, ex.GetType().Name, options.MaxPollInterval, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types",
        Justification = "Listening is retried after any failure; the catalog keeps serving what it has.")]
    private async Task ListenLoopAsync(IDefinitionNotificationSource source, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Called once listening starts (then on every publish): the end of a streak of failures, if there was one.
                await source.ListenForDefinitionsAsync(_ =>
                {
                    _failures.Succeeded();
                    _pending.Writer.TryWrite(true);
                }, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogFailure(ex);
                try
                {
                    await Task.Delay(options.MaxPollInterval, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void LogFailure(Exception ex)
    {
        if (_failures.Failed(ex))
        {
            var errorType = ex.GetType().Name;
            EngineLog.DefinitionListenFailed(logger, errorType, options.MaxPollInterval, ex);
        }
    }
}
