namespace LoanJourney.Studio.Tests.Support;

/// <summary>The browser tests share one server and run one after another (the funnel compares whole-server counts).</summary>
[CollectionDefinition(Name)]
public sealed class StudioTestGroup : ICollectionFixture<StudioFixture>
{
    public const string Name = "Studio";
}
