namespace LoanJourney.EndToEnd.Tests.Support;

[CollectionDefinition(Name)]
public sealed class SharedDeploymentGroup : ICollectionFixture<SharedDeployment>
{
    public const string Name = "shared server and sandbox";
}
