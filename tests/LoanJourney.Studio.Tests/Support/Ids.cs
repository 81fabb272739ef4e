namespace LoanJourney.Studio.Tests.Support;

/// <summary>Distinct customer ids per test, so the sandbox (which remembers customers) starts each journey fresh.</summary>
internal static class Ids
{
    public static string Customer(string purpose) => $"CUST-ST-{purpose}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>A valid mobile whose last four digits pick the sandbox scenario (docs/sandbox.md).</summary>
    public static string Mobile(string lastFour) => "98765" + Random.Shared.Next(0, 10) + lastFour;
}
