using System.Globalization;
using LoanJourney.Sandbox.Scenarios;

namespace LoanJourney.Sandbox;

/// <summary>
/// The sandbox's scenario table (docs/sandbox.md, <c>GET /sandbox/scenarios</c>), read-only: the one list the server's draft test
/// runs choose and describe their scenarios from, so that a row added here is run and described there. A description says the
/// sandbox's settings as numbers (<c>for 3 status polls (Sandbox:KycActionPendingPolls)</c>): pass the options it runs with.
/// </summary>
public static class SandboxScenarios
{
    private static readonly SandboxOptions Defaults = new();

    /// <summary>Every row, in key order, described with the default settings.</summary>
    public static IReadOnlyList<SandboxScenario> Rows { get; } = RowsFor(Defaults);

    /// <summary>Every row, in key order, described with <paramref name="options"/>' numbers.</summary>
    public static IReadOnlyList<SandboxScenario> RowsFor(SandboxOptions options) =>
        [.. ScenarioTable.Rows.Select(r => new SandboxScenario(r.Key, Describe(r.Description, options)))];

    /// <summary>The scenario of an identifier (a mobile, an app id, or just four digits): its last four pick the row, anything else is the happy path.</summary>
    public static SandboxScenario For(string? identifier) => For(identifier, Defaults);

    /// <summary>As <see cref="For(string?)"/>, described with <paramref name="options"/>' numbers.</summary>
    public static SandboxScenario For(string? identifier, SandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var row = ScenarioTable.For(identifier);
        return new(row.Key, Describe(row.Description, options));
    }

    private static string Describe(string description, SandboxOptions options)
    {
        var n = options.KycActionPendingPolls;
        var polls = string.Create(CultureInfo.InvariantCulture, $"{n} status poll{(n == 1 ? "" : "s")} (Sandbox:KycActionPendingPolls)");
        return description.Replace(ScenarioTable.KycHoldPolls, polls, StringComparison.Ordinal);
    }
}
