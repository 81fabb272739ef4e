using System.Collections.Concurrent;
using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Definitions;
using LoanJourney.Engine.Errors;
using LoanJourney.Engine.Storage;
using Microsoft.Extensions.Logging;

namespace LoanJourney.Engine.Runtime;

/// <summary>
/// Loaded definitions: every version read from the definitions directory is published to the store as a snapshot;
/// instances of older versions are compiled from their stored snapshot on demand.
/// </summary>
public sealed class WorkflowDefinitionCatalog(
    DefinitionLoader loader,
    ActivityRegistry registry,
    IWorkflowStore store,
    EngineOptions options,
    TimeProvider time,
    ILogger<WorkflowDefinitionCatalog> logger)
{
    private readonly ConcurrentDictionary<(string Id, int Version), CompiledWorkflow> _byVersion = new();
    private volatile IReadOnlyDictionary<string, CompiledWorkflow> _latest = new Dictionary<string, CompiledWorkflow>();
    private volatile IReadOnlyList<DefinitionError> _errors = [];

    /// <summary>Errors of the last load (file, step, reason).</summary>
    public IReadOnlyList<DefinitionError> LoadErrors => _errors;

    /// <summary>Latest loaded version of each definition.</summary>
    public IReadOnlyList<CompiledWorkflow> Latest => _latest.Values.OrderBy(w => w.Id, StringComparer.Ordinal).ToArray();

    /// <summary>Registered activity descriptors (for a UI).</summary>
    public IReadOnlyList<ActivityDescriptor> Activities => registry.Descriptors;

    /// <summary>Re-reads the definitions directory, publishes new versions, and reports errors.</summary>
    public async Task<DefinitionLoadResult> ReloadAsync(CancellationToken cancellationToken = default)
    {
        if (options.DefinitionsDirectory is null)
        {
            return new DefinitionLoadResult([], []);
        }

        var result = loader.LoadDirectory(options.DefinitionsDirectory);
        var errors = result.Errors.ToList();
        var published = new List<CompiledWorkflow>();
        foreach (var workflow in result.Definitions)
        {
            var saved = await store.SaveDefinitionAsync(workflow.Id, workflow.Version, workflow.ContentHash, workflow.Json, time.GetUtcNow(), cancellationToken);
            if (saved == DefinitionSaveResult.Conflict)
            {
                errors.Add(new DefinitionError(workflow.File, workflow.Id, null, DefinitionErrorCode.VersionConflict,
                    $"Workflow '{workflow.Id}' version {workflow.Version} was already published with different content; publish a new version instead."));
                continue;
            }

            _byVersion[(workflow.Id, workflow.Version)] = workflow;
            published.Add(workflow);
        }

        var latest = new Dictionary<string, CompiledWorkflow>(_latest, StringComparer.Ordinal);
        foreach (var workflow in published)
        {
            if (!latest.TryGetValue(workflow.Id, out var current) || current.Version < workflow.Version)
            {
                latest[workflow.Id] = workflow;
            }
        }

        _latest = latest;
        _errors = errors;
        EngineLog.DefinitionsLoaded(logger, published.Count, errors.Count);
        foreach (var error in errors)
        {
            EngineLog.DefinitionError(logger, error.File, error.WorkflowId, error.StepId, error.Code.ToString(), error.Message);
        }

        if (options.FailOnDefinitionErrors && errors.Count > 0)
        {
            throw new DefinitionLoadException(errors);
        }

        return new DefinitionLoadResult(published, errors);
    }

    /// <summary>The latest version of <paramref name="workflowId"/>.</summary>
    public CompiledWorkflow GetLatest(string workflowId) =>
        _latest.TryGetValue(workflowId, out var workflow) ? workflow : throw new WorkflowNotFoundException(workflowId, null);

    /// <summary>A specific version, compiled from the store's snapshot when it is not in the directory any more.</summary>
    public async Task<CompiledWorkflow> GetAsync(string workflowId, int version, CancellationToken cancellationToken = default)
    {
        if (_byVersion.TryGetValue((workflowId, version), out var workflow))
        {
            return workflow;
        }

        var json = await store.GetDefinitionJsonAsync(workflowId, version, cancellationToken)
            ?? throw new WorkflowNotFoundException(workflowId, version);
        var errors = new List<DefinitionError>();
        workflow = loader.LoadText(json, "store", errors)
            ?? throw new DefinitionLoadException(errors);
        return _byVersion.GetOrAdd((workflowId, version), workflow);
    }
}
