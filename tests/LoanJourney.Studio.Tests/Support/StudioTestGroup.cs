namespace LoanJourney.Studio.Tests.Support;

/// <summary>
/// The browser tests of the operator's pages (journeys, journey view, roles, dashboard). Each group has its own server and
/// headless Chromium (<see cref="StudioFixture"/>, one per collection); the tests of one group run one after another (the
/// funnel compares whole-server counts), the two groups beside each other: a browser test mostly waits for the page or the
/// server, so the second group fills that wait (docs/studio.md, "Browser tests").
/// </summary>
[CollectionDefinition(Name)]
public sealed class StudioTestGroup : ICollectionFixture<StudioFixture>
{
    public const string Name = "Studio";
}

/// <summary>The browser tests of the designer, sign-in, audit, migration, layout and accessibility, on a server of their own (<see cref="StudioTestGroup"/>).</summary>
[CollectionDefinition(Name)]
public sealed class StudioDesignTestGroup : ICollectionFixture<StudioFixture>
{
    public const string Name = "Studio design";
}

/// <summary>The token sign-in tests, on a server that accepts a test OpenID provider's tokens (<see cref="OidcStudioFixture"/>).</summary>
[CollectionDefinition(Name)]
public sealed class StudioOidcTestGroup : ICollectionFixture<OidcStudioFixture>
{
    public const string Name = "Studio OIDC";
}

/// <summary>The tests of journeys waiting out a lender's open breaker, on a server whose FinBox v1 breaker opens at once (<see cref="BreakerStudioFixture"/>).</summary>
[CollectionDefinition(Name)]
public sealed class StudioBreakerTestGroup : ICollectionFixture<BreakerStudioFixture>
{
    public const string Name = "Studio breaker";
}
