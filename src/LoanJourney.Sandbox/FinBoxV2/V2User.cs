using LoanJourney.Sandbox.FinBoxV2.Models;
using LoanJourney.Sandbox.Scenarios;

namespace LoanJourney.Sandbox.FinBoxV2;

/// <summary>A FinBox Lender Prism v2 user and the journey state the sandbox keeps for it.</summary>
internal sealed class V2User(string customerId, string mobile)
{
    public string CustomerId { get; } = customerId;

    public string Mobile { get; } = mobile;

    public Scenario Scenario { get; } = ScenarioTable.For(mobile);

    public bool DetailsUpdated { get; set; }

    public Dictionary<OperationKind, int> Attempts { get; } = [];

    public Dictionary<OperationKind, PolledOperation> Latest { get; } = [];

    public Offer? Offer { get; set; }

    public AcceptedOffer? Accepted { get; set; }

    public HashSet<string> Documents { get; } = new(StringComparer.Ordinal);

    public bool Succeeded(OperationKind kind) => Latest.TryGetValue(kind, out var op) && op.Succeeded;
}
