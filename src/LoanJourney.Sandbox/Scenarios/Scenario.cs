namespace LoanJourney.Sandbox.Scenarios;

/// <summary>
/// One row of the scenario table: how every simulated lender treats a borrower whose mobile number (or
/// Capital Float app_id, or handshake phone) ends in <see cref="Key"/>. Defaults are the happy path.
/// </summary>
internal sealed record Scenario(string Key, string Description)
{
    public OperationScript Bre { get; init; } = OperationScript.Always("SUCCESS");

    public OperationScript Banking { get; init; } = OperationScript.Always("SUCCESS");

    public OperationScript Kyc { get; init; } = OperationScript.Always("APPROVED");

    public OperationScript Agreement { get; init; } = OperationScript.Always("SUCCESS");

    public OperationScript Disbursal { get; init; } = OperationScript.Always("SUCCESS");

    /// <summary>FinBox v1: whether eligibility data exists (else 409 "User does not have eligibility data").</summary>
    public bool V1HasEligibilityData { get; init; } = true;

    /// <summary>FinBox v1 eligible amount; zero means <c>is_eligible: false</c>.</summary>
    public decimal V1EligibleAmount { get; init; } = 15_000m;

    /// <summary>FinBox v1 statuses and webhooks after the token is issued.</summary>
    public IReadOnlyList<V1JourneyStep> V1Journey { get; init; } = ScenarioTable.V1Disbursed;

    /// <summary>FinBox v1 credit line; <c>null</c>: the user has none (the credit line APIs answer 404).</summary>
    public V1CreditLineTerms? V1CreditLine { get; init; }

    /// <summary>FinBox v1 Repay Loan is disabled for this client (the documented default): 403.</summary>
    public bool V1RepayDisabled { get; init; }

    public HandshakeMode Handshake { get; init; } = HandshakeMode.Sync;

    /// <summary>Capital Float credit limit; <c>null</c> means <c>Sandbox:CreditLimit</c>.</summary>
    public decimal? CreditLimit { get; init; }

    /// <summary>Capital Float answer forced on every block of this app.</summary>
    public CapitalFloatError? BlockError { get; init; }

    /// <summary>Capital Float answer forced on every Fetch Profile Available Limit of this app.</summary>
    public CapitalFloatError? AvailableLimitError { get; init; }

    /// <summary>Capital Float: the sanction is on hold for this reason (agent_info <c>isActive</c> false, <c>isOnHold</c> "On Hold").</summary>
    public string? OnHoldReason { get; init; }
}
