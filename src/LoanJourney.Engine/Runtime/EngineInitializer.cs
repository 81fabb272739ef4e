using LoanJourney.Engine.Storage;

namespace LoanJourney.Engine.Runtime;

/// <summary>Runs migrations and loads definitions once, before the first client call or dispatcher loop.</summary>
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
        await catalog.ReloadAsync(cancellationToken);
    }
}
