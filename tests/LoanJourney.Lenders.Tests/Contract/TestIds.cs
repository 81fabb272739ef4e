using System.Globalization;

namespace LoanJourney.Lenders.Tests.Contract;

/// <summary>Identifiers no other test uses. The sandbox picks a scenario from the last four digits of a mobile number or app_id.</summary>
public static class TestIds
{
    /// <summary>Digits that match no scenario row: the happy path.</summary>
    public const string HappyPath = "9999";

    private static int _sequence;

    public static string Customer() => "ct-" + Guid.NewGuid().ToString("N");

    /// <summary>A valid Indian mobile (10 digits, starting 9) ending with the scenario digits.</summary>
    public static string Mobile(string scenario = HappyPath) =>
        "9" + (Interlocked.Increment(ref _sequence) % 100_000).ToString("D5", CultureInfo.InvariantCulture) + scenario;

    /// <summary>A Capital Float app_id ending with the scenario digits.</summary>
    public static string App(string scenario = HappyPath) => "app-" + Guid.NewGuid().ToString("N")[..12] + "-" + scenario;

    public static string Order() => "ord-" + Guid.NewGuid().ToString("N")[..12];
}
