using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LoanJourney.Server.Tests.Support;

/// <summary>
/// A journey start as a document shows it, for the tests that send the docs' examples as written (README.md's starts,
/// docs/api.md's partner-scoped start): the start URL and sample file of its <c>curl</c>, and the <c># → 202 {…}</c> line under
/// it, whose fields shown whole must be the answer's and whose fields with <c>…</c> must only be there.
/// </summary>
public static partial class ShownStart
{
    /// <summary>The start URL in a command: <c>path</c> (<c>/api/workflows/&lt;id&gt;/instances</c>) and <c>workflow</c>.</summary>
    public static Match Url(string command) => StartUrl().Match(command);

    /// <summary>A <c>--data @workflows/…json</c> in a command; its <c>file</c> group is the path.</summary>
    public static Match DataFile(string command) => DataFilePattern().Match(command);

    /// <summary>A shipped sample (<c>workflows/samples/x.json</c>) as the test output holds it.</summary>
    public static string SampleFile(string path)
    {
        Assert.StartsWith("workflows/samples/", path, StringComparison.Ordinal);
        return File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Workflows", "samples", Path.GetFileName(path)));
    }

    /// <summary>The answer a <c># → 202 {…}</c> line shows, or null when <paramref name="line"/> is not one.</summary>
    public static ShownAnswer? Answer(string line)
    {
        var shown = ShownAnswerLine().Match(line);
        if (!shown.Success)
        {
            return null;
        }

        // `{"id":"01a1…","workflowId":"finbox-personal-loan","version":3,"status":"Running",…}`: the fields shown whole are
        // compared; one with an ellipsis is only said to be there.
        var fields = new List<(string, string?)>();
        foreach (Match field in ShownField().Matches(shown.Groups["json"].Value))
        {
            var value = field.Groups["value"].Value;
            fields.Add((field.Groups["name"].Value, value.Contains('…', StringComparison.Ordinal) ? null : value));
        }

        return new ShownAnswer(int.Parse(shown.Groups["status"].Value, CultureInfo.InvariantCulture), fields);
    }

    /// <summary>Asserts that <paramref name="text"/>, the server's answer, has every field <paramref name="expected"/> shows.</summary>
    public static void AssertAnswered(string where, ShownAnswer expected, string text)
    {
        var answer = JsonNode.Parse(text)!.AsObject();
        foreach (var (name, value) in expected.Fields)
        {
            Assert.True(answer.ContainsKey(name), $"{where}\nshows \"{name}\"; the answer has none: {text}");
            if (value is not null)
            {
                Assert.True(value == answer[name]!.ToJsonString(), $"{where}\nshows \"{name}\":{value}; the answer has {answer[name]!.ToJsonString()}: {text}");
            }
        }
    }

    [GeneratedRegex(@"https?://localhost:\d+(?<path>/api/workflows/(?<workflow>[A-Za-z0-9._-]+)/instances)")]
    private static partial Regex StartUrl();

    [GeneratedRegex(@"--data @(?<file>workflows/\S+\.json)")]
    private static partial Regex DataFilePattern();

    [GeneratedRegex(@"^\s*#\s*→\s*(?<status>\d{3})\s+(?<json>\{.*\})\s*$")]
    private static partial Regex ShownAnswerLine();

    [GeneratedRegex(@"""(?<name>[A-Za-z]+)"":(?<value>""[^""]*""|-?\d+(?:\.\d+)?|true|false|null)")]
    private static partial Regex ShownField();
}

/// <summary>The status and fields a document's <c># → 202 {…}</c> line shows (a null value: shown with <c>…</c>, only said to be there).</summary>
public sealed record ShownAnswer(int Status, List<(string Name, string? Value)> Fields);
