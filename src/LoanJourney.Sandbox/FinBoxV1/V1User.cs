using LoanJourney.Sandbox.Scenarios;

namespace LoanJourney.Sandbox.FinBoxV1;

/// <summary>A FinBox Sourcing v1 user, its (single) loan application and journey position.</summary>
internal sealed class V1User(string customerId, string mobile, string createdAt)
{
    public string CustomerId { get; } = customerId;

    public string Mobile { get; } = mobile;

    public string CreatedAt { get; } = createdAt;

    public Scenario Scenario { get; } = ScenarioTable.For(mobile);

    public string Status { get; set; } = "USER_CREATED";

    /// <summary>The documented <c>journeyType</c> of this user's webhooks and activity: <c>credit_line</c> when the scenario gives a credit line.</summary>
    public string JourneyType => Scenario.V1CreditLine is null ? "personal_loan" : "credit_line";

    /// <summary>Set at creation when the scenario gives one; <c>null</c> otherwise.</summary>
    public V1CreditLine? CreditLine { get; set; }

    public V1Request? Profile { get; set; }

    public bool EligibilityCalculated { get; set; }

    public bool TokenIssued { get; set; }

    public string Source { get; set; } = "";

    public string LoanApplicationId { get; set; } = "";

    public string LoanApplicationNum { get; set; } = "";

    public string LoanCreatedAt { get; set; } = "";

    /// <summary>Index of the last journey step reached; -1 before the first.</summary>
    public int Step { get; set; } = -1;

    public string LoanStatus => Step >= 0 ? Scenario.V1Journey[Step].Status : "";

    public bool Reached(string eventType) =>
        Scenario.V1Journey.Take(Step + 1).Any(s => s.EventType == eventType);

    public bool JourneyFinished => Step >= Scenario.V1Journey.Count - 1;

    public List<WebhookPayload> Activity { get; } = [];

    /// <summary>Repayments marked with Repay Loan, in the order received.</summary>
    public List<V1Payment> Payments { get; } = [];

    /// <summary>With <c>WebhookShuffle</c>, the event held back to be delivered after the next one.</summary>
    public WebhookPayload? Held { get; set; }
}
