using System.Text;
using System.Text.RegularExpressions;

namespace LoanJourney.Server.Tests;

/// <summary>
/// Every relative link in README.md and docs/*.md (<c>[text](path)</c>, <c>[text](path#anchor)</c>, <c>[text](#anchor)</c>)
/// names a file or folder of the repository, and a <c>#anchor</c> into a Markdown file names one of its headings as GitHub
/// spells it. Session 47's fresh-clone walk: the newcomer reads the docs from the README's links, so a renamed or moved
/// doc must fail here rather than on their first click. Links inside code (fenced blocks, <c>`…`</c>) are not links.
/// </summary>
public sealed partial class DocsLinksTests
{
    public static TheoryData<string> Documents() => new(DocumentPaths());

    [Fact]
    public void TheDocumentsAreFound()
    {
        // A test that found no documents (a moved docs/ folder, a wrong root) would pass on nothing.
        var documents = DocumentPaths();
        Assert.Contains("README.md", documents);
        Assert.True(documents.Count >= 8, $"Found only {string.Join(", ", documents)}");
        Assert.True(Links(File.ReadAllText(Path.Combine(Repository.Root, "README.md"))).Count >= 20);
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void EveryRelativeLink_NamesAFileThatExists(string document)
    {
        // With its separator, so that a link out to a sibling folder (../main-old/…) does not pass as inside.
        var root = Repository.Root + Path.DirectorySeparatorChar;
        var path = Path.Combine(root, document);
        var broken = new List<string>();
        foreach (var (line, target) in Links(File.ReadAllText(path)))
        {
            if (Scheme().IsMatch(target))
            {
                continue; // https:, mailto: — not a file of ours
            }

            var hash = target.IndexOf('#', StringComparison.Ordinal);
            var file = Uri.UnescapeDataString(hash < 0 ? target : target[..hash]);
            var anchor = hash < 0 ? null : target[(hash + 1)..];
            var resolved = file.Length == 0 ? path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, file));
            if (!resolved.StartsWith(root, StringComparison.Ordinal) || (!File.Exists(resolved) && !Directory.Exists(resolved)))
            {
                broken.Add($"{document}:{line}: ({target}) names no file of the repository");
                continue;
            }

            if (anchor is { Length: > 0 } && resolved.EndsWith(".md", StringComparison.Ordinal) && !Anchors(File.ReadAllText(resolved)).Contains(anchor))
            {
                broken.Add($"{document}:{line}: ({target}) names no heading of {Path.GetRelativePath(root, resolved)}");
            }
        }

        Assert.True(broken.Count == 0, string.Join('\n', broken));
    }

    /// <summary>README.md and every docs/*.md, relative to the repository root.</summary>
    internal static List<string> DocumentPaths()
    {
        var root = Repository.Root;
        return [.. new[] { "README.md" }
            .Concat(Directory.GetFiles(Path.Combine(root, "docs"), "*.md").Select(f => Path.GetRelativePath(root, f).Replace('\\', '/')).Order(StringComparer.Ordinal))];
    }

    /// <summary>The inline links outside code, with their line numbers.</summary>
    private static List<(int Line, string Target)> Links(string markdown)
    {
        var links = new List<(int, string)>();
        var fenced = false;
        var lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                fenced = !fenced;
                continue;
            }

            if (fenced)
            {
                continue;
            }

            foreach (Match link in InlineLink().Matches(CodeSpan().Replace(lines[i], "")))
            {
                links.Add((i + 1, link.Groups["target"].Value));
            }
        }

        return links;
    }

    /// <summary>The anchors GitHub gives a document's headings: lower case, punctuation dropped, spaces to hyphens, a repeat
    /// suffixed -1, -2…; and explicit <c>&lt;a id="…"&gt;</c> / <c>name="…"</c> anchors.</summary>
    private static HashSet<string> Anchors(string markdown)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var fenced = false;
        foreach (var line in markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                fenced = !fenced;
                continue;
            }

            foreach (Match explicitAnchor in HtmlAnchor().Matches(line))
            {
                anchors.Add(explicitAnchor.Groups["id"].Value);
            }

            var heading = Heading().Match(line);
            if (fenced || !heading.Success)
            {
                continue;
            }

            var slug = new StringBuilder();
            foreach (var c in heading.Groups["text"].Value.Trim().ToLowerInvariant())
            {
                if (char.IsLetterOrDigit(c) || c is '-' or '_')
                {
                    slug.Append(c);
                }
                else if (c == ' ')
                {
                    slug.Append('-');
                }
            }

            var text = slug.ToString();
            var count = seen.GetValueOrDefault(text);
            seen[text] = count + 1;
            anchors.Add(count == 0 ? text : $"{text}-{count}");
        }

        return anchors;
    }

    [GeneratedRegex(@"\[[^\]]*\]\((?<target>[^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex InlineLink();

    [GeneratedRegex(@"`+[^`]*`+")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.-]*:")]
    private static partial Regex Scheme();

    [GeneratedRegex(@"^#{1,6}\s+(?<text>.+?)\s*#*\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"<a\s+(?:id|name)=""(?<id>[^""]+)""")]
    private static partial Regex HtmlAnchor();
}
