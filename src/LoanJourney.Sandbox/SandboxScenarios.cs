using LoanJourney.Sandbox.Scenarios;

namespace LoanJourney.Sandbox;

/// <summary>
/// The sandbox's scenario table (docs/sandbox.md, <c>GET /sandbox/scenarios</c>), read-only: the one list the server's draft test
/// runs choose and describe their scenarios from, so that a row added here is run and described there.
/// </summary>
public static class SandboxScenarios
{
    /// <summary>Every row, in key order.</summary>
    public static IReadOnlyList<SandboxScenario> Rows { get; } = [.. ScenarioTable.Rows.Select(r => new SandboxScenario(r.Key, r.Description))];

    /// <summary>The scenario of an identifier (a mobile, an app id, or just four digits): its last four pick the row, anything else is the happy path.</summary>
    public static SandboxScenario For(string? identifier)
    {
        var row = ScenarioTable.For(identifier);
        return new(row.Key, row.Description);
    }
}
