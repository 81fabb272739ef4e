using System.Collections.Concurrent;
using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Definitions;
using LoanJourney.Engine.Errors;
using LoanJourney.Engine.Storage;
using Microsoft.Extensions.Logging;

namespace LoanJourney.Engine.Runtime;

/// <summary>
/// The definitions this node serves. The store holds them (published versions are immutable); the definitions directory
/// seeds it at start (a file whose id and version are not stored is imported as published; one that differs from the
/// stored version of the same number is a load error; one that differs only in its layout loads, and the store's layout
/// is kept — unless the stored version has none: then it takes the file's). The latest version of each workflow is re-read from the store
/// after a publish (<see cref="RefreshAsync"/>: in-process on SQLite, on a PostgreSQL notification on every node); any
/// other version is compiled from its stored snapshot on demand, so running instances stay on theirs.
/// </summary>
public sealed class WorkflowDefinitionCatalog(
    DefinitionLoader loader,
    ActivityRegistry registry,
    IWorkflowStore store,
    EngineOptions options,
    TimeProvider time,
    ILogger<WorkflowDefinitionCatalog> logger) : IDisposable
{
    private readonly ConcurrentDictionary<(string Id, int Version), CompiledWorkflow> _byVersion = new();
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile IReadOnlyDictionary<string, CompiledWorkflow> _latest = new Dictionary<string, CompiledWorkflow>();
    private volatile IReadOnlyList<DefinitionError> _errors = [];

    /// <summary>Errors of the last load (file, step, reason).</summary>
    public IReadOnlyList<DefinitionError> LoadErrors => _errors;

    /// <summary>Latest published version of each definition.</summary>
    public IReadOnlyList<CompiledWorkflow> Latest => _latest.Values.OrderBy(w => w.Id, StringComparer.Ordinal).ToArray();

    /// <summary>Registered activity descriptors (for a UI).</summary>
    public IReadOnlyList<ActivityDescriptor> Activities => registry.Descriptors;

    /// <summary>Re-reads the definitions directory, imports new versions into the store, reports errors, and serves the store's latest versions.</summary>
    public async Task<DefinitionLoadResult> ReloadAsync(CancellationToken cancellationToken = default)
    {
        var errors = new List<DefinitionError>();
        var published = new List<CompiledWorkflow>();
        if (options.DefinitionsDirectory is not null)
        {
            var result = loader.LoadDirectory(options.DefinitionsDirectory);
            errors.AddRange(result.Errors);
            foreach (var workflow in result.Definitions)
            {
                // A file whose version is not stored yet is about to be published by this start: it gets the checks a publish
                // from the designer runs (WorkflowCompiler.CompileDraft), so a file cannot publish what the Studio would refuse.
                // A version already stored keeps loading as it was published (docs/engine.md, "Bindings").
                if (await store.GetDefinitionJsonAsync(workflow.Id, workflow.Version, cancellationToken) is null
                    && !loader.PassesPublishChecks(workflow, errors))
                {
                    continue;
                }

                var saved = await store.SaveDefinitionAsync(workflow.Id, workflow.Version, workflow.ContentHash, workflow.Json, time.GetUtcNow(), cancellationToken);
                if (saved == DefinitionSaveResult.Conflict)
                {
                    errors.Add(new DefinitionError(workflow.File, workflow.Id, null, DefinitionErrorCode.VersionConflict,
                        $"Workflow '{workflow.Id}' version {workflow.Version} was already published with different content; publish a new version instead."));
                    continue;
                }

                // A version stored before keeps the store's JSON: a layout-only publish may have moved its steps since the
                // file was written (the layout is outside the hash, so the file still loads as that version). One stored
                // without a layout took the file's (LayoutAdopted), so its JSON is now the file's.
                if (saved is DefinitionSaveResult.Created or DefinitionSaveResult.LayoutAdopted)
                {
                    _byVersion[(workflow.Id, workflow.Version)] = workflow;
                }

                published.Add(workflow);
            }
        }

        errors.AddRange(await RefreshAsync(cancellationToken));
        _errors = errors;
        EngineLog.DefinitionsLoaded(logger, published.Count, errors.Count);
        foreach (var error in errors)
        {
            EngineLog.DefinitionError(logger, error.Describe(), error.Code.ToString());
        }

        if (options.FailOnDefinitionErrors && errors.Count > 0)
        {
            throw new DefinitionLoadException(errors);
        }

        return new DefinitionLoadResult(published, errors);
    }

    /// <summary>
    /// Reads the latest published version of every workflow from the store and serves it (a publish on this or another
    /// node). Returns the errors of stored versions that no longer compile (an activity removed since); those keep the
    /// version served before.
    /// </summary>
    public async Task<IReadOnlyList<DefinitionError>> RefreshAsync(CancellationToken cancellationToken = default)
    {
        await _refresh.WaitAsync(cancellationToken);
        try
        {
            var errors = new List<DefinitionError>();
            var latest = new Dictionary<string, CompiledWorkflow>(_latest, StringComparer.Ordinal);
            foreach (var stored in await store.GetPublishedAsync(null, cancellationToken))
            {
                // The same version with other JSON is a layout-only publish (the hash is the same): served with its new layout.
                if (latest.TryGetValue(stored.WorkflowId, out var current)
                    && (current.Version > stored.Version || (current.Version == stored.Version && current.Json == stored.Json)))
                {
                    continue;
                }

                if (!_byVersion.TryGetValue((stored.WorkflowId, stored.Version), out var workflow) || workflow.Json != stored.Json)
                {
                    workflow = LoadPublished(stored.Json, errors);
                    if (workflow is null)
                    {
                        continue;
                    }

                    _byVersion[(stored.WorkflowId, stored.Version)] = workflow;
                }

                latest[stored.WorkflowId] = workflow;
                if (current is not null && current.Version != workflow.Version)
                {
                    EngineLog.DefinitionActivated(logger, workflow.Id, workflow.Version);
                }
            }

            _latest = latest;
            return errors;
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _refresh.Dispose();

    /// <summary>The latest version of <paramref name="workflowId"/>.</summary>
    /// <exception cref="WorkflowUnloadableException">It has no version to serve because its file did not load.</exception>
    public CompiledWorkflow GetLatest(string workflowId) =>
        TryGetLatest(workflowId) ?? throw NotServed(workflowId);

    /// <summary>
    /// The load errors of a workflow's file: those that name it, and those of a file that could not be read far enough to
    /// know its id (invalid JSON) whose name is the id (<c>workflows/&lt;id&gt;.json</c>, the convention every shipped file keeps).
    /// </summary>
    public IReadOnlyList<DefinitionError> LoadErrorsOf(string workflowId) =>
        _errors.Where(e => e.WorkflowId == workflowId
            || (e.WorkflowId is null && string.Equals(Path.GetFileNameWithoutExtension(e.File), workflowId, StringComparison.Ordinal))).ToList();

    private WorkflowEngineException NotServed(string workflowId) =>
        LoadErrorsOf(workflowId) is { Count: > 0 } errors
            ? new WorkflowUnloadableException(workflowId, errors)
            : new WorkflowNotFoundException(workflowId, null, WorkflowCompiler.Closest(workflowId, _latest.Keys));

    /// <summary>The latest version of <paramref name="workflowId"/>, or null when it has no published version.</summary>
    public CompiledWorkflow? TryGetLatest(string workflowId) =>
        _latest.TryGetValue(workflowId, out var workflow) ? workflow : null;

    /// <summary>
    /// The compiled definition of a workflow: <paramref name="version"/>, or the latest when null (the lookup the
    /// start endpoint, the OpenAPI input schemas and the Studio use).
    /// </summary>
    public Task<CompiledWorkflow> GetAsync(string workflowId, int? version, CancellationToken cancellationToken = default) =>
        version is { } v ? GetAsync(workflowId, v, cancellationToken) : Task.FromResult(GetLatest(workflowId));

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
        workflow = LoadPublished(json, errors) ?? throw new DefinitionLoadException(errors);
        return _byVersion.GetOrAdd((workflowId, version), workflow);
    }

    /// <summary>
    /// The steps of a stored version as a move out of it reads them (their activity, inputs and descriptor), also when the
    /// version does not load in this build (an activity removed or renamed since it was published): then a step whose activity
    /// is not registered has no <see cref="PublishedStep.Descriptor"/>. The journeys on such a version can still be moved to one
    /// that loads (docs/engine.md, "A version published under an earlier build").
    /// </summary>
    public async Task<IReadOnlyDictionary<string, PublishedStep>> GetPublishedStepsAsync(string workflowId, int version, CancellationToken cancellationToken = default)
    {
        try
        {
            var workflow = await GetAsync(workflowId, version, cancellationToken);
            return workflow.Steps.ToDictionary(s => s.Key, s => new PublishedStep(s.Value.Definition, s.Value.Descriptor, s.Value.CompensationDescriptor), StringComparer.Ordinal);
        }
        catch (DefinitionLoadException)
        {
            var json = await store.GetDefinitionJsonAsync(workflowId, version, cancellationToken)
                ?? throw new WorkflowNotFoundException(workflowId, version);
            return DefinitionJson.Parse(json).Definition.Steps.ToDictionary(s => s.Id,
                s => new PublishedStep(s, Registered(s.Activity), s.Compensation is { } c ? Registered(c.Activity) : null), StringComparer.Ordinal);
        }
    }

    private ActivityDescriptor? Registered(string activity) => registry.TryGet(activity, out var descriptor) ? descriptor : null;

    // A stored version was valid when it was published; what an activity asks for since (a new required input) is logged once
    // per compile, not refused, so journeys waiting on it keep running (WorkflowCompiler.CompilePublished).
    private CompiledWorkflow? LoadPublished(string json, List<DefinitionError> errors)
    {
        var workflow = loader.LoadPublishedText(json, "store", errors);
        if (workflow is { Outdated.Count: > 0 })
        {
            EngineLog.DefinitionOutdated(logger, workflow.Id, workflow.Version,
                string.Join("; ", workflow.Outdated.Select(e => $"step '{e.StepId}': {e.Message}")));
        }

        return workflow;
    }
}
