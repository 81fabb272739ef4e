using LoanJourney.Engine.Errors;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage;

namespace LoanJourney.Engine.Runtime;

/// <summary>
/// Runs migrations, checks that this node can read the stored journeys, and loads definitions once, before the first
/// client call or dispatcher loop.
/// </summary>
public sealed class EngineInitializer(IWorkflowStore store, WorkflowDefinitionCatalog catalog)
{
    private readonly Lock _lock = new();
    private Task? _initialization;

    /// <summary>Initializes on first call; later calls await the same task.</summary>
    public Task EnsureInitializedAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_initialization is null || _initialization.IsFaulted || _initialization.IsCanceled)
            {
                _initialization = InitializeAsync(cancellationToken);
            }

            return _initialization;
        }
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken);
        await CheckPayloadKeysAsync(cancellationToken);
        await catalog.ReloadAsync(cancellationToken);
    }

    // How many of the newest journeys the key check reads before it says the keys are wrong.
    private const int KeyCheckJourneys = 5;

    // A node whose payload keys differ from the ones that wrote the database (a second node with a key ring of its own, a
    // database restored without its keys) would otherwise claim journeys it cannot decrypt: each claim failed in the
    // dispatcher, left the rows leased to this node until the lease ran out and the journeys stood still, with nothing but
    // a log line to say why. Reading the newest journeys' stored payloads at start-up (their ids from the created index and
    // one row each, until one reads) turns that into an error that names the cause; the initializer is tried again on the
    // next call or dispatcher loop, so a node whose keys are put in place recovers without a restart. One damaged journey
    // is not a wrong key ring: when any of the newest few reads, the node starts, and the dispatcher faults the unreadable
    // one with an incident when it comes due (before, one damaged newest journey kept the whole node from taking work).
    // Only journeys whose payloads are protected are read (session 14): a redacted journey, or one written before protection
    // was enabled, reads with any keys — before, one such among the newest let a node with the wrong keys start.
    private async Task CheckPayloadKeysAsync(CancellationToken cancellationToken)
    {
        var newest = await store.GetNewestProtectedInstanceIdsAsync(KeyCheckJourneys, cancellationToken);
        InstanceUnreadableException? first = null;
        foreach (var id in newest)
        {
            try
            {
                await store.GetInstanceAsync(id, cancellationToken);
                return;
            }
            catch (InstanceUnreadableException e)
            {
                first ??= e;
            }
        }

        if (first is not null)
        {
            throw new PayloadKeysMismatchException(first.InstanceId, first.InnerException ?? first);
        }
    }
}
