using Microsoft.Extensions.Logging;

namespace LoanJourney.Engine.Runtime;

/// <summary>Engine log messages with stable event ids. Never log payloads, inputs or variables: they may hold PII.</summary>
internal static partial class EngineLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Loaded {Count} workflow definitions ({ErrorCount} errors)")]
    public static partial void DefinitionsLoaded(ILogger logger, int count, int errorCount);

    // One line naming the file, step and field (DefinitionError.Describe).
    [LoggerMessage(EventId = 1002, Level = LogLevel.Error, Message = "Workflow file not loaded: {Problem} ({Code})")]
    public static partial void DefinitionError(ILogger logger, string problem, string code);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "Workflow {WorkflowId} v{Version} was published under activities that asked for less; journeys on it that reach these steps stop with an InvalidInput incident (move them to a newer version): {Outdated}")]
    public static partial void DefinitionOutdated(ILogger logger, string workflowId, int version, string outdated);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Workflow {WorkflowId} version {Version} is now the latest on this node")]
    public static partial void DefinitionActivated(ILogger logger, string workflowId, int version);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Definition notifications lost ({ErrorType}); listening again in {Backoff}")]
    public static partial void DefinitionListenFailed(ILogger logger, string errorType, TimeSpan backoff, Exception exception);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Debug, Message = "Instance {InstanceId} step {StepId} completed with {Outcome}")]
    public static partial void StepCompleted(ILogger logger, string instanceId, string stepId, string outcome);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Instance {InstanceId} step {StepId} attempt {Attempt} failed: {ErrorKind}")]
    public static partial void StepFailed(ILogger logger, string instanceId, string stepId, int attempt, string errorKind);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Information, Message = "Instance {InstanceId} step {StepId} deferred until {DueAt} (attempt {Attempt} not spent): {ErrorKind}")]
    public static partial void StepDeferred(ILogger logger, string instanceId, string stepId, int attempt, DateTimeOffset dueAt, string errorKind);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Error, Message = "Instance {InstanceId} faulted at step {StepId} after {Attempts} attempts: {ErrorKind}")]
    public static partial void IncidentRaised(ILogger logger, string instanceId, string stepId, int attempts, string errorKind);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Instance {InstanceId}: lease lost; this runner stops without committing")]
    public static partial void LeaseLost(ILogger logger, string instanceId);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Debug, Message = "Instance {InstanceId}: the row moved on (a stimulus or a cancel); reloading")]
    public static partial void Reloading(ILogger logger, string instanceId);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Information, Message = "Instance {InstanceId} finished with status {Status}")]
    public static partial void InstanceFinished(ILogger logger, string instanceId, LoanJourney.Engine.Model.WorkflowStatus status);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Workflow dispatcher {NodeId} started (max concurrency {MaxConcurrency})")]
    public static partial void DispatcherStarted(ILogger logger, string nodeId, int maxConcurrency);

    [LoggerMessage(EventId = 3015, Level = LogLevel.Information,
        Message = "Workflow dispatcher {NodeId} stopping: claims nothing more; {Running} runs in flight get up to {GracePeriod} to finish their step")]
    public static partial void DispatcherStopping(ILogger logger, string nodeId, int running, TimeSpan gracePeriod);

    [LoggerMessage(EventId = 3016, Level = LogLevel.Information,
        Message = "Workflow dispatcher {NodeId} stopped: no run left, {Parked} parked journeys given back ({Took} ms)")]
    public static partial void DispatcherStopped(ILogger logger, string nodeId, int parked, long took);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "Runner for instance {InstanceId} failed unexpectedly")]
    public static partial void RunnerFailed(ILogger logger, string instanceId, Exception exception);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Instance {InstanceId}: runner failed unexpectedly; lease released, retried in {Backoff}")]
    public static partial void RunnerDeferred(ILogger logger, string instanceId, TimeSpan backoff, Exception exception);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Error, Message = "Instance {InstanceId}: could not release the lease after a runner failure; it expires on its own")]
    public static partial void ReleaseFailed(ILogger logger, string instanceId, Exception exception);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "Work notifications lost ({ErrorType}); polling until listening again in {Backoff}")]
    public static partial void ListenFailed(ILogger logger, string errorType, TimeSpan backoff, Exception exception);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Error, Message = "Workflow dispatcher loop error ({ErrorType}); retrying every {Interval} (while it lasts, one summary a minute instead of this stack)")]
    public static partial void DispatcherError(ILogger logger, string errorType, TimeSpan interval, Exception exception);

    // 3017 and 3018: the rest of an outage after its first failure was logged (FailureStreak), for every loop that retries the store.
    [LoggerMessage(EventId = 3017, Level = LogLevel.Warning, Message = "{Loop} still failing ({ErrorType}) for {Elapsed}, {Count} attempts; retrying every {Interval}")]
    public static partial void StillFailing(ILogger logger, string loop, string errorType, TimeSpan elapsed, int count, TimeSpan interval);

    [LoggerMessage(EventId = 3018, Level = LogLevel.Information, Message = "{Loop} recovered after {Count} failed attempts over {Elapsed}")]
    public static partial void Recovered(ILogger logger, string loop, int count, TimeSpan elapsed);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Information, Message = "Packed the journals of {Count} finished journeys")]
    public static partial void JournalsPacked(ILogger logger, int count);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Error, Message = "Journal compaction failed; trying again in {Interval}")]
    public static partial void JournalCompactionFailed(ILogger logger, TimeSpan interval, Exception exception);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Information, Message = "Payload sweep: {Scanned} journeys looked at, {Protected} of them had payloads stored in the clear and are now encrypted, {Skipped} changed meanwhile and were left to their writer; freed space purged: {Purged}; took {Elapsed}")]
    public static partial void PayloadSweepDone(ILogger logger, long scanned, int @protected, int skipped, bool purged, TimeSpan elapsed);

    // A sweep of a store with no journey yet (every new database): nothing an operator needs to read at each first start.
    [LoggerMessage(EventId = 3021, Level = LogLevel.Debug, Message = "Payload sweep: no journey to look at ({Elapsed})")]
    public static partial void PayloadSweepEmpty(ILogger logger, TimeSpan elapsed);

    [LoggerMessage(EventId = 3019, Level = LogLevel.Information, Message = "Payload sweep: not needed, this store was swept completely before and no store without encryption has started on it since")]
    public static partial void PayloadSweepAlreadyComplete(ILogger logger);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Information, Message = "Payload sweep in progress: {Scanned} journeys looked at, {Protected} encrypted so far")]
    public static partial void PayloadSweepProgress(ILogger logger, long scanned, int @protected);

    [LoggerMessage(EventId = 3014, Level = LogLevel.Error, Message = "Payload sweep failed; starting again in {Interval}")]
    public static partial void PayloadSweepFailed(ILogger logger, TimeSpan interval, Exception exception);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Warning, Message = "Instance {InstanceId}: the lease was lost before {Count} journal entries of read-only polls were committed; they are not in its journal")]
    public static partial void UncommittedPollsLost(ILogger logger, string instanceId, int count);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Error, Message = "Instance {InstanceId}: claimed but its stored payloads cannot be decrypted (is this node's Server:DataProtectionKeysPath the one that wrote it?); faulted with an incident ({IncidentKind}) for an operator to retry once the keys are in place, the others run")]
    public static partial void InstanceUnreadable(ILogger logger, string instanceId, string incidentKind, Exception exception);

    [LoggerMessage(EventId = 3020, Level = LogLevel.Error, Message = "Instance {InstanceId}: its version {WorkflowId} v{Version} does not load in this build ({Problems}); faulted with an incident (VersionUnloadable) for an operator to retry once a build that has what it needs runs")]
    public static partial void VersionUnloadable(ILogger logger, string instanceId, string workflowId, int version, string problems);

    [LoggerMessage(EventId = 3022, Level = LogLevel.Error, Message = "Instance {InstanceId}: its run failed {Failures} times in a row without an activity failure (last: {ErrorType}); faulted with an incident (RunnerFailing) for an operator to retry once the cause is fixed")]
    public static partial void RunnerFailing(ILogger logger, string instanceId, int failures, string errorType, Exception exception);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Error, Message = "Instance {InstanceId}: claimed but its stored payloads cannot be decrypted, and faulting it failed; it stays leased to this node until the lease runs out, then is tried again")]
    public static partial void InstanceUnreadableNotFaulted(ILogger logger, string instanceId, Exception exception);
}
