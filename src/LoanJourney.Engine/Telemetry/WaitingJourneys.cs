using System.Diagnostics;
using System.Diagnostics.Metrics;
using LoanJourney.Engine.Storage;

namespace LoanJourney.Engine.Telemetry;

/// <summary>
/// The observations of the <c>loanjourney.journeys.waiting</c> and <c>loanjourney.incidents.open</c> gauges: counts per
/// workflow, step and status (Waiting, Faulted) read from the store (one grouped query for both), at most once per
/// <c>refresh</c>, so a scrape never costs more than that query. A scrape that finds the counts stale waits up to two
/// seconds for the new ones, then answers with the last it has.
/// </summary>
internal sealed class WaitingJourneys(IWorkflowStore store, TimeProvider time, TimeSpan refresh)
{
    private static readonly TimeSpan ScrapeWait = TimeSpan.FromSeconds(2);
    private readonly Lock _gate = new();
    private IReadOnlyList<WaitingCount> _last = [];
    private long _readAt;
    private Task? _reading;

    /// <summary>Journeys waiting, per workflow and step.</summary>
    public IEnumerable<Measurement<long>> Observe() => Measure("Waiting");

    /// <summary>Journeys faulted with an open incident, per workflow and step.</summary>
    public IEnumerable<Measurement<long>> ObserveFaulted() => Measure("Faulted");

    private List<Measurement<long>> Measure(string status) =>
        [.. Current().Where(c => c.Status == status).Select(c => new Measurement<long>(c.Count, new TagList { { "workflow", c.WorkflowId }, { "step", c.StepId } }))];

    private IReadOnlyList<WaitingCount> Current()
    {
        Task reading;
        lock (_gate)
        {
            if (_reading is null && (_readAt == 0 || time.GetElapsedTime(_readAt) >= refresh))
            {
                // On the thread pool, not inline: SQLite's reads complete synchronously, and an inline read ran to its
                // finally (clearing _reading) before this assignment stored its completed task — _reading then stayed
                // set and the gauge never read again (its first counts for ever). The read's finally takes _gate, so it
                // clears _reading only after this assignment.
                _reading = Task.Run(ReadAsync);
            }

            reading = _reading ?? Task.CompletedTask;
        }

        // The gauge's callback is synchronous; the store is not. Bounded: a slow database costs a scrape two seconds at most.
        reading.Wait(ScrapeWait, CancellationToken.None);
        lock (_gate)
        {
            return _last;
        }
    }

    private async Task ReadAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30), time);
            var counts = await store.CountWaitingAndFaultedAsync(timeout.Token);
            lock (_gate)
            {
                _last = counts;
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The store is away: the gauge keeps its last counts until a read succeeds.
        }
        finally
        {
            lock (_gate)
            {
                _readAt = time.GetTimestamp();
                _reading = null;
            }
        }
    }
}
