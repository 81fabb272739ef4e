namespace LoanJourney.Engine.Model;

/// <summary>Journal entry kinds written by the engine itself.</summary>
public static class JournalKinds
{
    /// <summary>Instance created.</summary>
    public const string InstanceStarted = "InstanceStarted";
    /// <summary>A step attempt began.</summary>
    public const string StepStarted = "StepStarted";
    /// <summary>A step completed with an outcome.</summary>
    public const string StepCompleted = "StepCompleted";
    /// <summary>A step suspended on bookmarks.</summary>
    public const string StepSuspended = "StepSuspended";
    /// <summary>A suspended step resumed by a stimulus.</summary>
    public const string StepResumed = "StepResumed";
    /// <summary>A step attempt failed.</summary>
    public const string StepFailed = "StepFailed";
    /// <summary>A retry timer was scheduled.</summary>
    public const string RetryScheduled = "RetryScheduled";
    /// <summary>A step was deferred (a dependency refuses calls for a while): it runs again at <c>dueAt</c> without spending an attempt.</summary>
    public const string StepDeferred = "StepDeferred";
    /// <summary>An incident was raised; the instance is faulted.</summary>
    public const string IncidentRaised = "IncidentRaised";
    /// <summary>An operator retried the faulted step.</summary>
    public const string IncidentRetried = "IncidentRetried";
    /// <summary>An operator skipped the faulted step to an outcome.</summary>
    public const string IncidentSkipped = "IncidentSkipped";
    /// <summary>An operator decided whether a side effect of unknown outcome took effect; the step runs again with it.</summary>
    public const string OutcomeDecided = "OutcomeDecided";
    /// <summary>A signal arrived (never with a sensitive payload).</summary>
    public const string SignalReceived = "SignalReceived";
    /// <summary>A webhook event was routed to the instance.</summary>
    public const string WebhookReceived = "WebhookReceived";
    /// <summary>Cancellation requested.</summary>
    public const string CancelRequested = "CancelRequested";
    /// <summary>A compensation activity completed.</summary>
    public const string CompensationCompleted = "CompensationCompleted";
    /// <summary>A compensation activity failed.</summary>
    public const string CompensationFailed = "CompensationFailed";
    /// <summary>An operator moved the instance to another version of its workflow (<c>fromVersion</c>, <c>toVersion</c>, <c>stepMap</c>, <c>by</c>, <c>reason</c>).</summary>
    public const string Migrated = "Migrated";
    /// <summary>An operator moved the instance to another step of its version (<c>fromStep</c>, <c>toStep</c>, <c>by</c>, <c>reason</c>).</summary>
    public const string WentToStep = "WentToStep";
    /// <summary>An operator set workflow variables (<c>names</c>, <c>by</c>, <c>reason</c>; the values are on the instance, not in the journal).</summary>
    public const string VariablesSet = "VariablesSet";
    /// <summary>Instance completed.</summary>
    public const string InstanceCompleted = "InstanceCompleted";
    /// <summary>Instance cancelled.</summary>
    public const string InstanceCancelled = "InstanceCancelled";
    /// <summary>An administrator closed a journey no node can decrypt, without compensation (<c>by</c>, <c>reason</c>); it is Cancelled.</summary>
    public const string InstanceAbandoned = "InstanceAbandoned";
}
