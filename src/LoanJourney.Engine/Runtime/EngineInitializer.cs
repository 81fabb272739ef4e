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

    // A node whose payload keys differ from the ones that wrote the database (a second node with a key ring of its own, a
    // database restored without its keys) would otherwise claim journeys it cannot decrypt: each claim failed in the
    // dispatcher, left the rows leased to this node until the lease ran out and the journeys stood still, with nothing but
    // a log line to say why. Reading the newest journey's stored payloads once at start-up (a page of one from the list's
    // index and one row) turns that into an error that names the cause; the initializer is tried again on the next call or
    // dispatcher loop, so a node whose keys are put in place recovers without a restart.
    private async Task CheckPayloadKeysAsync(CancellationToken cancellationToken)
    {
        var newest = await store.ListInstancesAsync(new InstanceQuery { Take = 1 }, cancellationToken);
        if (newest.Items.Count == 0)
        {
            return;
        }

        try
        {
            await store.GetInstanceAsync(newest.Items[0].Id, cancellationToken);
        }
        catch (InstanceUnreadableException e)
        {
            throw new PayloadKeysMismatchException(newest.Items[0].Id, e.InnerException ?? e);
        }
    }
}
