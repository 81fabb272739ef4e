namespace LoanJourney.Engine.Model;

/// <summary>Lifecycle status of a workflow instance.</summary>
public enum WorkflowStatus
{
    /// <summary>Has work to do now (or is being run).</summary>
    Running,
    /// <summary>Suspended on bookmarks (webhook, timer, signal, retry back-off).</summary>
    Waiting,
    /// <summary>Finished; <c>Outcome</c> holds the journey outcome if an End step set one.</summary>
    Completed,
    /// <summary>A step exhausted its retries; an open incident waits for an operator.</summary>
    Faulted,
    /// <summary>Cancelled; compensations have run.</summary>
    Cancelled,
}
