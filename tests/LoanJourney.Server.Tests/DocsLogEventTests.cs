using System.Text.RegularExpressions;

namespace LoanJourney.Server.Tests;

/// <summary>
/// Every log event id the docs name ("event 2016", "warning 2018", "events 4001–4006", "its log line 2013") is one the code
/// logs (a <c>[LoggerMessage]</c> in src/), and what the docs say of it matches: the level a "warning NNNN", "error NNNN",
/// "Debug event NNNN" or "Information line NNNN" gives, the name a <c>`Name`</c> right after the id gives (the method or its
/// <c>EventName</c>), and the message a quoted <c>"…"</c> or <c>`…`</c> text right after it gives. Session 50: docs/server.md
/// named the erasure's line 2016 and the audited actions' line 2013 in places as each other, and ranges that had grown
/// (2001–2020 when ServerLog went to 2022); beside <see cref="DocsLinksTests"/>, the docs' other cross-reference check.
/// Ids repeat across categories (the engine's 2001–2007 and the server's), so a mention matches when any event of that id does.
/// </summary>
public sealed partial class DocsLogEventTests
{
    private sealed record LogEvent(int Id, string Level, string Method, string? Name, string Message, string File);

    [Fact]
    public void TheLogEventsAreFound()
    {
        var events = Events();
        Assert.True(events.Count >= 80, $"found only {events.Count} [LoggerMessage] events");
        Assert.Contains(events, e => e is { Id: 2016, Method: "Erased" });
        Assert.Contains(events, e => e is { Id: 2013, Method: "OperatorAction" });
        var mentions = DocsLinksTests.DocumentPaths().Sum(d => Mentions(File.ReadAllText(Path.Combine(Repository.Root, d))).Count);
        Assert.True(mentions >= 40, $"found only {mentions} mentions of an event id in the docs");
    }

    [Theory]
    [MemberData(nameof(DocsLinksTests.Documents), MemberType = typeof(DocsLinksTests))]
    public void EveryLogEventTheDocsName_IsLogged_WithTheLevelNameAndMessageTheyGive(string document)
    {
        var events = Events().ToLookup(e => e.Id);
        var wrong = new List<string>();
        foreach (var mention in Mentions(File.ReadAllText(Path.Combine(Repository.Root, document))))
        {
            var at = $"{document}:{mention.Line}: \"{mention.Text}\"";
            var missing = mention.Ids.Where(id => !events[id].Any()).ToList();
            if (missing.Count > 0)
            {
                wrong.Add($"{at}: no [LoggerMessage] has event id {string.Join(", ", missing)}");
                continue;
            }

            var candidates = mention.Ids.SelectMany(id => events[id]).ToList();
            if (mention.Level is { } level && !candidates.Any(e => e.Level.Equals(level, StringComparison.OrdinalIgnoreCase)))
            {
                wrong.Add($"{at}: says {level}, but it is logged at {string.Join(" / ", candidates.Select(e => $"{e.Level} ({e.Method})").Distinct())}");
            }

            // The method, its EventName, or the class that declares them ("events 4001–4006 (`ActivityLog`)").
            if (mention.Name is { } name && !candidates.Any(e => e.Method == name || e.Name == name || Path.GetFileNameWithoutExtension(e.File) == name))
            {
                wrong.Add($"{at}: names {name}, but event {mention.Ids[0]} is {string.Join(" / ", candidates.Select(e => e.Name ?? e.Method).Distinct())}");
            }

            if (mention.Message is { } message && !candidates.Any(e => MessageMatches(e.Message, message)))
            {
                wrong.Add($"{at}: quotes \"{message}\", but event {mention.Ids[0]} says {string.Join(" / ", candidates.Select(e => $"\"{e.Message}\"").Distinct())}");
            }

            var file = mention.RangeFile ?? (mention.Name is { } owner && candidates.Any(e => Path.GetFileNameWithoutExtension(e.File) == owner) ? owner + ".cs" : null);
            if (mention.RangeEnd is { } end && file is not null)
            {
                // "event ids 2001–2020 (`Logging/ServerLog.cs`)", "events 4001–4006 (`ActivityLog`)": the range covers every id that file logs.
                var beyond = events.SelectMany(g => g).Where(e => e.File.EndsWith(file, StringComparison.Ordinal) && (e.Id < mention.Ids[0] || e.Id > end)).Select(e => e.Id).Distinct().Order().ToList();
                if (beyond.Count > 0)
                {
                    wrong.Add($"{at}: {file} also logs {string.Join(", ", beyond)}");
                }
            }
        }

        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
    }

    private sealed record Mention(int Line, string Text, IReadOnlyList<int> Ids, string? Level, string? Name, string? Message, int? RangeEnd, string? RangeFile);

    /// <summary>The docs' mentions of an event id: "event NNNN", "events NNNN–NNNN", "event ids …", "log line(s) NNNN", "warning NNNN", "error NNNN", …</summary>
    private static List<Mention> Mentions(string markdown)
    {
        var mentions = new List<Mention>();
        var lineStarts = new List<int> { 0 };
        for (var i = 0; i < markdown.Length; i++)
        {
            if (markdown[i] == '\n')
            {
                lineStarts.Add(i + 1);
            }
        }

        foreach (Match m in MentionPattern().Matches(markdown))
        {
            var first = int.Parse(m.Groups["id"].Value, System.Globalization.CultureInfo.InvariantCulture);
            var ids = new List<int> { first };
            int? end = null;
            if (m.Groups["end"].Success)
            {
                end = int.Parse(m.Groups["end"].Value, System.Globalization.CultureInfo.InvariantCulture);
                ids.Add(end.Value);
            }

            var word = m.Groups["word"].Value.ToLowerInvariant();
            string? level = word switch
            {
                "warning" => "Warning",
                "error" => "Error",
                _ when word.StartsWith("debug", StringComparison.Ordinal) => "Debug",
                _ when word.StartsWith("information", StringComparison.Ordinal) => "Information",
                _ => null,
            };
            var after = m.Groups["after"];
            string? name = null, message = null;
            if (after.Success)
            {
                var text = after.Value.Trim('`', '"');
                if (IdentifierPattern().IsMatch(text))
                {
                    name = text;
                }
                else
                {
                    message = text;
                }
            }

            var rangeFile = m.Groups["file"].Success ? m.Groups["file"].Value : null;
            var line = lineStarts.FindLastIndex(s => s <= m.Index) + 1;
            mentions.Add(new Mention(line, m.Value.ReplaceLineEndings(" "), ids, level, name, message, end, rangeFile));
        }

        return mentions;
    }

    /// <summary>
    /// A quoted message matches a template when it is the template as written (placeholders and all, "…" standing for any
    /// text), or a line as logged: the template, or its start when the quote ends in "…", with each placeholder filled in.
    /// </summary>
    private static bool MessageMatches(string template, string quoted)
    {
        var asWritten = string.Join(".*", quoted.Split('…').Select(Regex.Escape));
        if (Regex.IsMatch(template, asWritten))
        {
            return true;
        }

        var logged = quoted.Split('…')[0].TrimEnd();
        for (var cut = template.Length; cut > 0; cut--)
        {
            var prefix = template[..cut];
            if (prefix.LastIndexOf('{') > prefix.LastIndexOf('}'))
            {
                continue; // inside a placeholder
            }

            var filled = "^" + string.Join(".+", PlaceholderPattern().Split(prefix).Select(Regex.Escape)) + "$";
            if (Regex.IsMatch(logged, filled))
            {
                return true;
            }

            if (!quoted.Contains('…', StringComparison.Ordinal))
            {
                return false; // not cut short: the whole template only
            }
        }

        return false;
    }

    /// <summary>Every <c>[LoggerMessage]</c> under src/: id, level, method, <c>EventName</c>, message.</summary>
    private static List<LogEvent> Events()
    {
        var src = Path.Combine(Repository.Root, "src");
        var events = new List<LogEvent>();
        foreach (var file in Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal)))
        {
            foreach (Match m in LoggerMessagePattern().Matches(File.ReadAllText(file)))
            {
                var arguments = m.Groups["args"].Value;
                var message = string.Concat(StringLiteralPattern().Matches(MessageArgumentPattern().Match(arguments).Groups["message"].Value).Select(s => s.Groups["text"].Value));
                var eventName = EventNamePattern().Match(arguments);
                events.Add(new LogEvent(
                    int.Parse(EventIdPattern().Match(arguments).Groups["id"].Value, System.Globalization.CultureInfo.InvariantCulture),
                    LevelPattern().Match(arguments).Groups["level"].Value,
                    m.Groups["method"].Value,
                    eventName.Success ? eventName.Groups["name"].Value : null,
                    message.Replace("\\\"", "\"", StringComparison.Ordinal),
                    Path.GetRelativePath(src, file).Replace('\\', '/')));
            }
        }

        return events;
    }

    // "event 2016", "Debug event 2003", "events 4001–4006 (`ActivityLog`)", "event ids 2001–2020 (`Logging/ServerLog.cs`)",
    // "log line 2016", "log lines 2013", "warning 2018", "error 2008", "Information line, 2009" is not one (no id after the word).
    [GeneratedRegex(@"(?<![\w-])(?<word>[Ee]vent ids|[Ee]vents?|[Ll]og lines?|[Ww]arning|[Ee]rror|Debug event|Information event|Information line)\s+(?<id>[1-9]\d{3})(?:\s*[–-]\s*(?<end>[1-9]\d{3}))?(?![\d.:/])(?:,?\s+\(?(?:`(?<file>[\w/]+\.cs)`\)?|(?<after>`[^`\n]+`|""[^""\n]+"")))?")]
    private static partial Regex MentionPattern();

    [GeneratedRegex(@"\[LoggerMessage\((?<args>(?:[^()""]|""(?:[^""\\]|\\.)*""|\([^()]*\))*)\)\]\s*(?:public|internal|private)\s+static\s+partial\s+void\s+(?<method>\w+)")]
    private static partial Regex LoggerMessagePattern();

    [GeneratedRegex(@"EventId\s*=\s*(?<id>\d+)")]
    private static partial Regex EventIdPattern();

    [GeneratedRegex(@"EventName\s*=\s*""(?<name>[^""]*)""")]
    private static partial Regex EventNamePattern();

    [GeneratedRegex(@"Level\s*=\s*LogLevel\.(?<level>\w+)")]
    private static partial Regex LevelPattern();

    [GeneratedRegex(@"Message\s*=\s*(?<message>""(?:[^""\\]|\\.)*""(?:\s*\+\s*""(?:[^""\\]|\\.)*"")*)")]
    private static partial Regex MessageArgumentPattern();

    [GeneratedRegex(@"""(?<text>(?:[^""\\]|\\.)*)""")]
    private static partial Regex StringLiteralPattern();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex PlaceholderPattern();

    [GeneratedRegex(@"^[A-Z][A-Za-z0-9]*$")]
    private static partial Regex IdentifierPattern();
}
