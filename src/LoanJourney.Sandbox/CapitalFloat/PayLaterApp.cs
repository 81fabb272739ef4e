using LoanJourney.Sandbox.Scenarios;

namespace LoanJourney.Sandbox.CapitalFloat;

/// <summary>A Capital Float app (sanction) and its blocks.</summary>
internal sealed class PayLaterApp(string appId, Scenario scenario, decimal creditLimit)
{
    public string AppId { get; } = appId;

    public Scenario Scenario { get; } = scenario;

    public decimal CreditLimit { get; } = creditLimit;

    public decimal Utilized { get; set; }

    public Dictionary<string, PayLaterBlock> Blocks { get; } = new(StringComparer.Ordinal);

    public decimal Blocked => Blocks.Values.Sum(b => b.Balance);

    public decimal Available => CreditLimit - Utilized - Blocked;
}
