namespace LoanJourney.Engine.Model;

/// <summary>One execution of a step (attempts of the same run are counted in <see cref="Attempt"/>).</summary>
public sealed record StepHistoryEntry
{
    /// <summary>Step id.</summary>
    public required string StepId { get; init; }

    /// <summary>Activity type name.</summary>
    public required string Activity { get; init; }

    /// <summary>Last attempt number.</summary>
    public int Attempt { get; init; } = 1;

    /// <summary>Running, Waiting, Completed, Failed, Faulted, Skipped.</summary>
    public required string Status { get; init; }

    /// <summary>When the first attempt started.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>When it completed, failed for good, or was skipped.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>The outcome it completed with.</summary>
    public string? Outcome { get; init; }

    /// <summary>Error kind of the last failure.</summary>
    public string? Error { get; init; }

    /// <summary>Its compensation has run.</summary>
    public bool Compensated { get; init; }

    /// <summary>
    /// Its compensation failed and an operator skipped it during a cancel: not compensated, and not tried again (whatever it
    /// was to undo, a block or a hold, may still stand at the lender).
    /// </summary>
    public bool CompensationSkipped { get; init; }
}
