using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using LoanJourney.Server.Tests.Support;

namespace LoanJourney.Server.Tests;

/// <summary>
/// Every journey start the README shows (<c>curl … /api/workflows/&lt;id&gt;/instances</c> with <c>--data @workflows/samples/…</c>,
/// the <c>sed … | curl … --data @-</c> form or <c>-d '{…}'</c>) is sent as written to the shipped definitions and answers
/// what the README shows: the status and every field of its <c># → 202 {…}</c> line (a value with <c>…</c> is only said to be
/// there), or <c>202</c> where it shows no answer. Session 44's docs walk: start inputs take only the declared fields now
/// (an undeclared one is <c>400</c>), so a README body that named one, or a version the README had fallen behind on, would
/// have been a partner engineer's first failed command; this test fails on such a README instead.
/// </summary>
public sealed partial class ReadmeStartExamplesTests : IDisposable
{
    private static readonly string Readme = Path.Combine(AppContext.BaseDirectory, "Docs", "README.md");
    private readonly LenderServerFactory _server = new(settings: new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        // The definitions as the server ships them (workflows/*.json), as `dotnet run` loads them.
        ["Engine:DefinitionsDirectory"] = Path.Combine(AppContext.BaseDirectory, "ReleaseWorkflows"),
    });

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task EveryStartTheReadmeShows_AnswersWhatTheReadmeSays()
    {
        var starts = ReadmeStarts(await File.ReadAllTextAsync(Readme));
        // The tour's personal loan, the restart walk's pay-later and second loan, the credit line order: a README that lost
        // them (or a parser that stopped finding them) would make this test pass on nothing.
        Assert.True(starts.Count >= 4, $"Found {starts.Count} starts in README.md: {string.Join("; ", starts.Select(s => s.Command))}");
        Assert.Contains(starts, s => s.Expected is not null);

        using var api = _server.CreateApiClient();
        foreach (var start in starts)
        {
            using var response = await api.PostAsync($"/api/workflows/{start.WorkflowId}/instances",
                new StringContent(start.Body, Encoding.UTF8, "application/json"));
            var text = await response.Content.ReadAsStringAsync();
            var status = start.Expected is { } shown ? (HttpStatusCode)shown.Status : HttpStatusCode.Accepted;
            Assert.True(status == response.StatusCode,
                $"README: {start.Command}\nshows {(int)status}; the server answered {(int)response.StatusCode}: {text}");
            if (start.Expected is { } expected)
            {
                ShownStart.AssertAnswered($"README: {start.Command}", expected, text);
            }
        }
    }

    /// <summary>The README's starts, each a whole shell command (lines joined at a trailing backslash).</summary>
    private static List<ReadmeStart> ReadmeStarts(string readme)
    {
        var lines = readme.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var starts = new List<ReadmeStart>();
        for (var i = 0; i < lines.Length; i++)
        {
            var command = new StringBuilder(lines[i].TrimEnd());
            var first = i;
            // A command goes on over a trailing backslash, or over a trailing pipe (`sed … |` then `curl …`).
            while ((command.ToString().EndsWith('\\') || command.ToString().EndsWith('|')) && i + 1 < lines.Length)
            {
                if (command[^1] == '\\')
                {
                    command.Length--;
                }

                command.Append(' ').Append(lines[++i].Trim());
            }

            var text = command.ToString();
            var url = ShownStart.Url(text);
            if (!url.Success || !text.Contains("curl", StringComparison.Ordinal))
            {
                continue;
            }

            starts.Add(new ReadmeStart(text, url.Groups["workflow"].Value, BodyOf(text, first), i + 1 < lines.Length ? ShownStart.Answer(lines[i + 1]) : null));
        }

        return starts;
    }

    private static string BodyOf(string command, int line)
    {
        var file = ShownStart.DataFile(command);
        if (file.Success)
        {
            return ShownStart.SampleFile(file.Groups["file"].Value);
        }

        // `sed 's/A/B/' workflows/samples/x.json | curl … --data @-`: the sample with the one substitution applied.
        var piped = SedPipe().Match(command);
        if (piped.Success && command.Contains("--data @-", StringComparison.Ordinal))
        {
            return ShownStart.SampleFile(piped.Groups["file"].Value).Replace(piped.Groups["from"].Value, piped.Groups["to"].Value, StringComparison.Ordinal);
        }

        var inline = InlineBody().Match(command);
        Assert.True(inline.Success, $"README.md line {line + 1}: a start whose body this test cannot read: {command}");
        return inline.Groups["body"].Value;
    }

    [GeneratedRegex(@"sed 's/(?<from>[^/]+)/(?<to>[^/]+)/' (?<file>workflows/\S+\.json)")]
    private static partial Regex SedPipe();

    [GeneratedRegex(@"(?:-d|--data) '(?<body>\{[^']*\})'")]
    private static partial Regex InlineBody();

    private sealed record ReadmeStart(string Command, string WorkflowId, string Body, ShownAnswer? Expected);
}
