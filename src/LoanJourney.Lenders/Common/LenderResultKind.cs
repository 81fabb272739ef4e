namespace LoanJourney.Lenders.Common;

/// <summary>What a lender's answer means for the journey, whatever the lender's own vocabulary.</summary>
public enum LenderResultKind
{
    /// <summary>The lender did what was asked (including a documented duplicate answer such as "user exists").</summary>
    Success,

    /// <summary>The lender is still working (or waits for the borrower): poll again later.</summary>
    Processing,

    /// <summary>The lender decided against the borrower or the borrower's input (BRE reject, KYC reject, bad statement).</summary>
    Rejected,

    /// <summary>A transient failure: the same call may succeed later (5xx, 429, timeouts, lender "try again").</summary>
    RetryableFailure,

    /// <summary>A failure that repeating the same call cannot fix (validation, unknown user, configuration).</summary>
    TerminalFailure,
}
