namespace LoanJourney.Lenders.Tests.Contract;

/// <summary>Every contract test class shares one running sandbox; tests keep to their own customers, apps and handshakes.</summary>
[CollectionDefinition(Name)]
public sealed class SandboxContract : ICollectionFixture<SandboxContractFixture>
{
    public const string Name = "Lender contract against the sandbox";
}
