using System.Globalization;
using System.Text.Json.Nodes;

namespace LoanJourney.Activities.Tests.TestSupport;

/// <summary>Unique borrowers per test, with the sandbox scenario picked by the last four digits.</summary>
internal static class Borrowers
{
    /// <summary>The happy path: a suffix no scenario uses.</summary>
    public const string Happy = "4321";

    public static string CustomerId() => "CUST-" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();

    public static string Mobile(string scenario) =>
        "9" + Random.Shared.Next(10_000, 99_999).ToString(CultureInfo.InvariantCulture) + scenario;

    public static string AppId(string scenario) => "CFAPP-" + Guid.NewGuid().ToString("N")[..8] + scenario;

    /// <summary>The sample input of <paramref name="workflowId"/> (workflows/samples), made unique.</summary>
    public static JsonObject Sample(string workflowId) =>
        JsonNode.Parse(File.ReadAllText(RepoPaths.Sample(workflowId)))!.AsObject();
}
