using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Definitions;
using LoanJourney.Engine.Errors;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage;
using LoanJourney.Engine.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LoanJourney.Engine.Runtime;

/// <summary>
/// Runs one claimed instance: executes consecutive non-suspending steps in memory under the same lease, committing one
/// transaction per step, until the instance suspends, faults or finishes.
/// </summary>
internal sealed partial class WorkflowRunner(
    IWorkflowStore store,
    WorkflowDefinitionCatalog catalog,
    IServiceScopeFactory scopes,
    TimeProvider time,
    EngineOptions options,
    EngineTelemetry telemetry,
    IFailureMessageMasker failureMasker,
    ILogger<WorkflowRunner> logger,
    IStepOutputObserver? outputObserver = null)
{
    /// <summary>Name of the timer bookmark that schedules a retry attempt.</summary>
    public const string RetryBookmark = "$retry";

    private readonly ConcurrentDictionary<string, LeaseFence> _unreleased = new(StringComparer.Ordinal);

    private sealed class RunState(InstanceRecord state, bool mayPark, LeaseRenewal renewal)
    {
        /// <summary>The run's lease renewal: one timer, armed while a step's activity runs (round 58).</summary>
        public LeaseRenewal Renewal { get; } = renewal;

        /// <summary>The instance as the run knows it: the stored row, but for the lease fields after commits.</summary>
        public InstanceRecord State { get; set; } = state;

        /// <summary>Journal entries of read-only polls the run has not committed yet; its next commit carries them first.</summary>
        public List<JournalRecord> Uncommitted { get; } = [];

        /// <summary>When the instance was last committed.</summary>
        public DateTimeOffset CommittedAt { get; set; } = state.UpdatedAt;

        /// <summary>The lease expiry last committed (or claimed); null when not known.</summary>
        public DateTimeOffset? LeaseUntil { get; set; } = state.LeaseExpiresAt;

        public IReadOnlyList<BookmarkRecord> Bookmarks { get; set; } = [];

        public bool StimulusConsumed { get; set; }

        /// <summary>What the step did with the in-memory (sensitive) stimulus, set once its transition is committed.</summary>
        public SignalAnswer? SignalAnswer { get; set; }

        /// <summary>
        /// A completed step's commit held back while the run executes the pure step it leads to (<see cref="ActivityDescriptor.IsPure"/>):
        /// that step's commit carries both transitions. Never set when the run can stop before that step (a single-step run).
        /// </summary>
        public InstanceCommit? Held { get; set; }

        /// <summary>Whether a completed step's commit may be held for a pure step that follows (not in a single-step run).</summary>
        public bool MayHold { get; init; }

        /// <summary>Whether a suspension on a short timer may keep the lease (see <see cref="ParkedRuns"/>).</summary>
        public bool MayPark { get; } = mayPark;

        /// <summary>Set by a commit that kept the lease over a short timer: the run ends parked.</summary>
        public ParkedRun? Parked { get; set; }

        /// <summary>The run's input, outputs and committed variables parsed once per text, read-only (round 56).</summary>
        public ParsedRow Parsed { get; } = new();

        /// <summary>The <see cref="StepResults"/> value of the last step transition applied (telemetry).</summary>
        public string StepResult { get; set; } = StepResults.Completed;
    }

    /// <summary>Runs a claimed instance, not parked, to the end of what it can do now (the overload below).</summary>
    public Task<RunResult> RunAsync(InstanceRecord claimed, Stimulus? sensitive, bool singleStep, CancellationToken cancellationToken) =>
        RunAsync(claimed, sensitive, singleStep, parked: null, stopAfterStep: CancellationToken.None, cancellationToken);

    /// <summary>
    /// Runs a claimed instance. <paramref name="sensitive"/> is a signal payload that exists only in memory. <paramref name="parked"/>,
    /// when given, is the parked run <paramref name="claimed"/> resumes from memory: its bookmarks, lease and uncommitted journal entries
    /// are the run's; otherwise the bookmarks are read from the store.
    /// <paramref name="stopAfterStep"/> set (the node stops) ends a run that has more to do after the step that is running,
    /// its lease given back, while <paramref name="cancellationToken"/> cancels that step itself (EngineOptions.StopGracePeriod).
    /// </summary>
    public async Task<RunResult> RunAsync(InstanceRecord claimed, Stimulus? sensitive, bool singleStep, ParkedRun? parked,
        CancellationToken stopAfterStep, CancellationToken cancellationToken)
    {
        var fence = new LeaseFence(claimed.LeaseOwner ?? throw new InvalidOperationException("The instance is not claimed."), claimed.LeaseToken);
        using var renewal = new LeaseRenewal(store, time, claimed.Id, fence, options.LeaseDuration);
        var run = new RunState(claimed, mayPark: !singleStep && sensitive is null && options.InMemoryTimerHorizon > TimeSpan.Zero, renewal) { MayHold = !singleStep };
        if (parked is not null)
        {
            run.Uncommitted.AddRange(parked.Uncommitted);
            run.CommittedAt = parked.CommittedAt;
            run.LeaseUntil = parked.LeaseExpiresAt;
        }

        try
        {
            CompiledWorkflow workflow;
            try
            {
                workflow = await catalog.GetAsync(claimed.WorkflowId, claimed.WorkflowVersion, cancellationToken);
            }
            catch (DefinitionLoadException ex)
            {
                await FaultUnloadableAsync(claimed, fence, ex, cancellationToken);
                return new RunResult(run.State, false);
            }

            run.Bookmarks = parked?.Bookmarks ?? await store.GetBookmarksAsync(claimed.Id, cancellationToken);
            while (true)
            {
                bool more;
                try
                {
                    more = await StepAsync(workflow, run, fence, sensitive, cancellationToken);
                }
                catch (StaleCommitException ex) when (!ex.LeaseLost)
                {
                    if (run.Held is { } held && await CommitHeldOnItsOwnAsync(run, held, cancellationToken))
                    {
                        // A cancel refused the next step's intent: the completion held for that step's commit is committed now,
                        // and that commit brings the cancel back, as if the completion had been committed on its own.
                        continue;
                    }

                    // A stimulus or a cancel moved the row while we ran; our step did not commit. Re-decide from the fresh row.
                    EngineLog.Reloading(logger, claimed.Id);
                    var fresh = await store.GetInstanceAsync(claimed.Id, cancellationToken);
                    if (fresh is null || fresh.LeaseOwner != fence.Owner || fresh.LeaseToken != fence.Token)
                    {
                        EngineLog.LeaseLost(logger, claimed.Id);
                        return new RunResult(run.State, false);
                    }

                    run.State = fresh;
                    run.Bookmarks = await store.GetBookmarksAsync(claimed.Id, cancellationToken);
                    if (run.Uncommitted.Count > 0)
                    {
                        // The fresh row may take another path (a cancel compensates): commit the polls' entries on it first.
                        run.State = await CommitUncommittedAsync(fresh, fence, run.Uncommitted,
                            fresh.LeaseExpiresAt ?? time.GetUtcNow() + options.LeaseDuration, cancellationToken) ?? fresh;
                        run.Uncommitted.Clear();
                        run.CommittedAt = time.GetUtcNow();
                    }

                    continue;
                }

                sensitive = null;
                if (!more)
                {
                    if (run.State.Status is WorkflowStatus.Completed or WorkflowStatus.Cancelled)
                    {
                        EngineLog.InstanceFinished(logger, claimed.Id, run.State.Status);
                    }

                    return new RunResult(run.State, run.StimulusConsumed) { Signal = run.SignalAnswer };
                }

                if (run.Parked is { } parkedNow)
                {
                    return new RunResult(run.State, run.StimulusConsumed) { Parked = parkedNow };
                }

                if (singleStep)
                {
                    await store.ReleaseLeaseAsync(claimed.Id, fence, cancellationToken);
                    return new RunResult(run.State, run.StimulusConsumed) { Signal = run.SignalAnswer };
                }

                if (stopAfterStep.IsCancellationRequested)
                {
                    // The node stops (EngineOptions.StopGracePeriod): the step that was running has committed; a completion held for
                    // the next step's commit is committed now, and the lease is given back before the next step starts.
                    if (run.Held is { } held)
                    {
                        await CommitHeldOnItsOwnAsync(run, held, cancellationToken); // refused (the row moved): the poll is sent again
                    }

                    await store.ReleaseLeaseAsync(claimed.Id, fence, cancellationToken);
                    return new RunResult(run.State, run.StimulusConsumed) { Signal = run.SignalAnswer };
                }
            }
        }
        catch (StaleCommitException ex) when (ex.LeaseLost)
        {
            EngineLog.LeaseLost(logger, claimed.Id);
            return new RunResult(run.State, false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Not an activity failure (those are results): a store error, a missing definition, a bug. Give the instance
            // back now instead of holding it until the lease expires; nothing uncommitted is kept.
            await ReleaseAfterFailureAsync(claimed.Id, fence, stopping: cancellationToken.IsCancellationRequested, ex);
            throw;
        }
    }

    /// <summary>The incident kind of a journey whose version does not load in this build.</summary>
    public const string VersionUnloadable = "VersionUnloadable";

    // The journey's version does not compile in this build (an activity it uses was removed or renamed since it was published;
    // a required input added since does not get here: WorkflowCompiler.CompilePublished). Trying again every few seconds
    // changes nothing and logged an Error each time, unseen in the Studio (session 39): the journey is faulted with an
    // incident that says why, for an operator to retry once a build that has what it needs runs. False from the store: the
    // lease is no longer this node's, and whoever holds it meets the same.
    private async Task FaultUnloadableAsync(InstanceRecord claimed, LeaseFence fence, DefinitionLoadException error, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var problems = string.Join("; ", error.Errors.Select(e => e.StepId is null ? e.Message : $"step '{e.StepId}': {e.Message}"));
        // The compiler's messages are sentences: their own full stop ends the list ("… is not registered. Run a build …").
        var message = $"Version {claimed.WorkflowVersion} of {claimed.WorkflowId} does not load in this build: {problems.TrimEnd('.')}. " +
            "Run a build that has what it needs, then retry.";
        if (await store.FaultForOperatorAsync(claimed.Id, fence.Owner, Guid.CreateVersion7(now).ToString("N"), VersionUnloadable, message, now, cancellationToken))
        {
            EngineLog.VersionUnloadable(logger, claimed.Id, claimed.WorkflowId, claimed.WorkflowVersion, problems);
        }
    }

    // A completion held for the next step's commit (ApplyAsync) committed on its own: when that step was refused by a cancel (its intent
    // not saved; a cancel on a leased row sets only the flag, so the held commit still applies), or when the node stops before that step
    // runs. False when the row moved after all.
    private async Task<bool> CommitHeldOnItsOwnAsync(RunState run, InstanceCommit held, CancellationToken cancellationToken)
    {
        run.Held = null;
        try
        {
            await CommitAsync(run, held.State, held, cancellationToken);
            return true;
        }
        catch (StaleCommitException ex) when (!ex.LeaseLost)
        {
            return false;
        }
    }

    /// <summary>The incident kind of a journey whose run failed <see cref="EngineOptions.RunnerFailureLimit"/> times in a row.</summary>
    public const string RunnerFailing = "RunnerFailing";

    // After an unexpected failure (not the node stopping) the journey is given back for a back-off that doubles with each
    // consecutive failure of it (EngineOptions.RunnerFailureBackoff, 2x, 4x, ..., up to RunnerFailureBackoffCap); at
    // EngineOptions.RunnerFailureLimit it is faulted for an operator instead (session 51: a commit PostgreSQL refused for good
    // ran the step, and sent its lender call, every 5 s for ever, the journey Running with no incident). The count is the
    // journey's in the store (session 52; it was each node's memory, so a restart or another node started again at 0), written
    // by a statement of its own before the back-off's; its next commit and the fault set it back to 0. A store that is away
    // fails the count's write (the failure is not counted: the database took no part in it) or the back-off's or the fault's:
    // the journey is kept for RetryUnreleasedAsync as before.
    private async Task ReleaseAfterFailureAsync(string instanceId, LeaseFence fence, bool stopping, Exception failure)
    {
        try
        {
            if (stopping)
            {
                await store.ReleaseLeaseAsync(instanceId, fence, CancellationToken.None);
            }
            else
            {
                // The journey's count, in the store (session 52): it holds across nodes and restarts.
                if (await store.CountRunnerFailureAsync(instanceId, fence, CancellationToken.None) is not { } failures)
                {
                    EngineLog.LeaseLost(logger, instanceId);
                    return;
                }

                if (failures >= options.RunnerFailureLimit)
                {
                    await FaultRunnerFailingAsync(instanceId, fence, failures, failure);
                    return;
                }

                var backoff = RunnerFailureBackoff(options.RunnerFailureBackoff, failures);
                EngineLog.RunnerDeferred(logger, instanceId, backoff, failure);
                await store.DeferAsync(instanceId, fence, time.GetUtcNow() + backoff, CancellationToken.None);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The store is failing too (the database is away): the dispatcher gives the instance back as soon as the
            // store answers again (RetryUnreleasedAsync), instead of leaving it until the lease expires.
            EngineLog.ReleaseFailed(logger, instanceId, ex);
            if (!stopping)
            {
                _unreleased[instanceId] = fence;
            }
        }
    }

    /// <summary>
    /// The back-off after the <paramref name="failures"/>th consecutive runner failure of a journey: <paramref name="first"/>, doubled
    /// for each failure before it, at most <see cref="EngineOptions.RunnerFailureBackoffCap"/> (or <paramref name="first"/> when longer).
    /// </summary>
    internal static TimeSpan RunnerFailureBackoff(TimeSpan first, int failures)
    {
        var cap = first > EngineOptions.RunnerFailureBackoffCap ? first : EngineOptions.RunnerFailureBackoffCap;
        var backoff = first;
        for (var i = 1; i < failures && backoff < cap; i++)
        {
            backoff += backoff;
        }

        return backoff < cap ? backoff : cap;
    }

    // The journey's lasting failure, for an operator: faulted with an incident through the store call that faults a journey whose
    // version does not load. The message names the exception's type and the database's code, never its text: a store's error
    // may quote the row it refused (a borrower's data, a lender's words). False from the store: the lease is no longer this
    // node's, and whoever holds it counts its own failures.
    private async Task FaultRunnerFailingAsync(string instanceId, LeaseFence fence, int failures, Exception failure)
    {
        var now = time.GetUtcNow();
        var cause = DescribeFailure(failure);
        var message = $"The journey's run failed {failures} times in a row outside its activity (last: {cause}), so the engine stopped " +
            "running its step again. Fix the cause (the node's log has the error, event 3022), then retry.";
        if (await store.FaultForOperatorAsync(instanceId, fence.Owner, Guid.CreateVersion7(now).ToString("N"), RunnerFailing, message, now, CancellationToken.None))
        {
            EngineLog.RunnerFailing(logger, instanceId, failures, cause, failure);
        }
    }

    // "PostgresException, SqlState 22021", "SqliteException, SQLite error 19", "InvalidOperationException": the exception's type and,
    // for a database's error anywhere in its chain, that error's type and code.
    internal static string DescribeFailure(Exception failure)
    {
        var database = failure;
        while (database is not System.Data.Common.DbException && database.InnerException is { } inner)
        {
            database = inner;
        }

        var code = database switch
        {
            System.Data.Common.DbException { SqlState: { Length: > 0 } state } => $", SqlState {state}",
            Microsoft.Data.Sqlite.SqliteException sqlite => $", SQLite error {sqlite.SqliteErrorCode}",
            _ => "",
        };
        return database is System.Data.Common.DbException && !ReferenceEquals(database, failure)
            ? $"{failure.GetType().Name} from {database.GetType().Name}{code}"
            : $"{failure.GetType().Name}{code}";
    }

    /// <summary>
    /// Commits a parked run's journal entries of read-only polls (<see cref="ParkedRun.Uncommitted"/>) before its lease is given back
    /// (<paramref name="release"/>: a node stopping, a run resumed too late, an operator's change) or before it is resumed from the
    /// stored row (a cancel). Given back, it waits in the store for the poll it waited for in memory (<see cref="ParkedRun.Bookmarks"/>,
    /// due at <see cref="ParkedRun.DueAt"/>): the stored timer is the last committed poll's, already due, and left as it was, any node
    /// claimed the journey and polled at once — inside an operator's change, between its check and its commit.
    /// </summary>
    public async Task CommitUncommittedAsync(ParkedRun parked, bool release, CancellationToken cancellationToken)
    {
        if (parked.Uncommitted.Count > 0)
        {
            await CommitUncommittedAsync(parked.State, parked.Fence, parked.Uncommitted, release ? null : parked.LeaseExpiresAt, cancellationToken,
                release ? parked : null);
        }
        else if (release)
        {
            await store.ReleaseLeaseAsync(parked.State.Id, parked.Fence, cancellationToken);
        }
    }

    // A commit that changes nothing but appends the entries (and gives the lease back when keepLeaseUntil is null), on the row as
    // the run knows it, or on the fresh row when that moved (a cancel request); null when the lease was lost, and the entries with it.
    // waitingFor: the run's wait in memory, which replaces the stored one on the row as the run knows it (not on a fresh row: that
    // took another path).
    private async Task<InstanceRecord?> CommitUncommittedAsync(InstanceRecord state, LeaseFence fence, IReadOnlyList<JournalRecord> entries,
        DateTimeOffset? keepLeaseUntil, CancellationToken cancellationToken, ParkedRun? waitingFor = null)
    {
        for (var tries = 1; ; tries++)
        {
            try
            {
                var committed = waitingFor is null ? state : state with { ReadyAt = waitingFor.DueAt };
                var result = await store.CommitAsync(new InstanceCommit
                {
                    State = committed,
                    ExpectedVersion = state.Version,
                    Previous = state,
                    Fence = fence,
                    ReleaseLease = keepLeaseUntil is null,
                    LeaseExpiresAt = keepLeaseUntil,
                    DeleteBookmarks = waitingFor is not null,
                    NewBookmarks = waitingFor?.Bookmarks ?? [],
                    Journal = entries,
                    OutputsUnchanged = true,
                    Now = time.GetUtcNow(),
                }, cancellationToken);
                return committed with { Version = result.NewVersion, CancelRequested = state.CancelRequested || result.CancelRequested };
            }
            catch (StaleCommitException ex) when (!ex.LeaseLost && tries < 3)
            {
                if (await store.GetInstanceAsync(state.Id, cancellationToken) is not { } fresh)
                {
                    return null;
                }

                state = fresh;
                waitingFor = null;
            }
            catch (StaleCommitException)
            {
                EngineLog.UncommittedPollsLost(logger, state.Id, entries.Count);
                return null;
            }
        }
    }

    /// <summary>Instances this node failed to give back after a runner failure, because the store failed too.</summary>
    public int UnreleasedCount => _unreleased.Count;

    /// <summary>
    /// Gives back the instances whose release failed (see <see cref="ReleaseAfterFailureAsync"/>), fenced by the lease
    /// they were claimed with, so a database outage does not hold their work until the lease expires. Stops at the first
    /// store failure (still away) and keeps the rest for the next call. No runner of this node holds them any more.
    /// </summary>
    public async Task RetryUnreleasedAsync(CancellationToken cancellationToken)
    {
        foreach (var (instanceId, fence) in _unreleased)
        {
            await store.DeferAsync(instanceId, fence, time.GetUtcNow(), cancellationToken);
            _unreleased.TryRemove(new KeyValuePair<string, LeaseFence>(instanceId, fence));
        }
    }

    private async Task<bool> StepAsync(CompiledWorkflow workflow, RunState run, LeaseFence fence, Stimulus? sensitive, CancellationToken cancellationToken)
    {
        var state = run.State;
        var now = time.GetUtcNow();
        if (state.Status is WorkflowStatus.Completed or WorkflowStatus.Cancelled or WorkflowStatus.Faulted)
        {
            await store.ReleaseLeaseAsync(state.Id, fence, cancellationToken);
            return false;
        }

        if (state.CancelRequested)
        {
            return await CompensateAsync(workflow, run, fence, cancellationToken);
        }

        var step = workflow.GetStep(state.CurrentStepId ?? throw new InvalidOperationException($"Instance {state.Id} has no current step."));
        Stimulus? stimulus = null;
        DateTimeOffset? webhookReceivedAt = null;
        PendingStimulus? webhook = null;
        var deleteBookmarks = false;
        var inMemory = false;
        if (PendingStimulus.FromJson(state.PendingStimulusJson) is { } pending)
        {
            stimulus = new Stimulus(pending.Kind, pending.Name, pending.Key, EngineJson.Parse(pending.PayloadJson));
            webhook = pending.Kind == BookmarkKind.Webhook ? pending : null;
            webhookReceivedAt = webhook?.ReceivedAt;
        }
        else if (sensitive is not null)
        {
            if (!run.Bookmarks.Any(b => b is { Kind: BookmarkKind.Signal, Sensitive: true } && b.Key == sensitive.Key))
            {
                await store.ReleaseLeaseAsync(state.Id, fence, cancellationToken);
                return false;
            }

            stimulus = sensitive;
            deleteBookmarks = true;
            inMemory = true;
        }
        else if (run.Bookmarks.Count > 0)
        {
            var due = run.Bookmarks.Where(b => b.Kind == BookmarkKind.Timer && b.DueAt <= now).OrderBy(b => b.DueAt).FirstOrDefault();
            if (due is null)
            {
                // Claimed early (clock skew between nodes), or due with nothing due for it (a row changed by hand or by a tool):
                // not again before its next timer or, waiting for a signal or a webhook only, before a lease's time. Released
                // as it was, it was claimable at once, and was claimed and released in a loop.
                var next = run.Bookmarks.Where(b => b.Kind == BookmarkKind.Timer).Min(b => b.DueAt);
                await store.DeferAsync(state.Id, fence, next ?? now + options.LeaseDuration, cancellationToken);
                return false;
            }

            stimulus = new Stimulus(BookmarkKind.Timer, due.Name, null, null);
            deleteBookmarks = true;
        }

        var resume = stimulus is not null && stimulus is not { Kind: BookmarkKind.Timer, Name: RetryBookmark };
        if (webhookReceivedAt is { } receivedAt)
        {
            telemetry.WebhookConsumed(state.WorkflowId, step.Id, now - receivedAt);
        }

        // The span is current while the activity runs, so its lender calls (and their HTTP spans) are its children. A step that
        // consumes a webhook links to the request that brought it, buffered or routed.
        using var span = EngineTelemetry.StartStep(state.Id, state.WorkflowId, state.WorkflowVersion, step.Id, step.Descriptor.TypeName, state.Attempt,
            webhook?.EventId, webhook?.TraceParent);
        var started = time.GetTimestamp();
        var invocation = await InvokeAsync(step.Descriptor, step.Definition.Inputs, step.Id, state, resume ? stimulus : null, fence, step.Timeout, compensating: false, run.Parsed, run.Renewal, cancellationToken, run.Held);
        var more = await ApplyAsync(workflow, step, run, invocation, resume ? stimulus : null, inMemory, deleteBookmarks, fence, cancellationToken);
        run.StimulusConsumed |= inMemory;
        telemetry.StepExecuted(state.WorkflowId, step.Id, step.Descriptor.TypeName, run.StepResult, state.Attempt, time.GetElapsedTime(started));
        if (span is not null)
        {
            span.SetTag("loanjourney.result", run.StepResult);
            if (run.StepResult is StepResults.Retrying or StepResults.Incident)
            {
                span.SetStatus(ActivityStatusCode.Error, invocation.Result is ActivityResult.Failed f ? f.ErrorKind : run.StepResult);
            }
        }

        return more;
    }

    private static JournalRecord Journal(InstanceRecord state, DateTimeOffset at, string kind, string? stepId, int? attempt, JsonNode? data) =>
        new(0, state.Id, at, kind, stepId, attempt, data?.ToJsonString());

    // Data written straight to its text (JournalData: the entries every step writes).
    private static JournalRecord Journal(InstanceRecord state, DateTimeOffset at, string kind, string? stepId, int? attempt, string data) =>
        new(0, state.Id, at, kind, stepId, attempt, data);

    private string NewId() => Guid.CreateVersion7(time.GetUtcNow()).ToString("N");
}
