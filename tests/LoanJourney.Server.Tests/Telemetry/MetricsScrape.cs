using System.Globalization;
using System.Text.RegularExpressions;

namespace LoanJourney.Server.Tests.Telemetry;

/// <summary>A Prometheus text exposition, read as (name, labels, value) samples.</summary>
public sealed partial class MetricsScrape(string text)
{
    public string Text { get; } = text;

    /// <summary>The sum of the samples named <paramref name="name"/> whose labels include every one of <paramref name="labels"/>.</summary>
    public double Sum(string name, params (string Name, string Value)[] labels) =>
        Text.Split('\n')
            .Select(line => Sample().Match(line))
            .Where(m => m.Success && m.Groups["name"].Value == name)
            .Where(m => labels.All(l => m.Groups["labels"].Value.Contains($"{l.Name}=\"{l.Value}\"", StringComparison.Ordinal)))
            .Sum(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})? (?<value>[-+0-9.eE]+|NaN|\+Inf|-Inf)")]
    private static partial Regex Sample();
}
