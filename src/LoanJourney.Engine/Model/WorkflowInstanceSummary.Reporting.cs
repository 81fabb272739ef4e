namespace LoanJourney.Engine.Model;

public sealed partial record WorkflowInstanceSummary
{
    /// <summary>When a Waiting instance's current step started (null unless Waiting).</summary>
    public DateTimeOffset? WaitingSince { get; init; }

    /// <summary>It has an open incident.</summary>
    public bool HasIncident { get; init; }

    /// <summary>The open incident's <c>errorKind</c> (<c>OutcomeUnknown</c>, <c>LenderUnavailable</c>, …); null without one.</summary>
    public string? IncidentKind { get; init; }

    /// <summary>
    /// What a Waiting instance's deferred step waits out (a lender API's open circuit breaker: <c>FinBoxPrism</c>, <c>Partners:acme</c>);
    /// null when its step is not deferred (docs/engine.md, "Deferral").
    /// </summary>
    public string? DeferredOn { get; init; }

    /// <summary>
    /// When a Faulted instance faulted: its open incident was raised (an operator's failed retry is a new fault); null unless Faulted.
    /// </summary>
    public DateTimeOffset? FaultedAt { get; init; }

    /// <summary>The stored row version: increases with every committed change (for change feeds).</summary>
    public long Revision { get; init; }

    /// <summary>The partner whose journey it is (docs/server.md, "Partner scope"); null for the team's.</summary>
    public string? Partner { get; init; }
}
