namespace LoanJourney.Engine.Tests;

public sealed class SkeletonTests
{
    [Fact]
    public void Build_Runs_Tests() => Assert.Equal(4, 2 + 2);
}
