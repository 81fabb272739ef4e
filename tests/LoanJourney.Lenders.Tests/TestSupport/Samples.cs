using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace LoanJourney.Lenders.Tests.TestSupport;

/// <summary>
/// The seed documents' code blocks, copied verbatim into <c>Samples/</c>. Where a block is not one valid JSON document as printed,
/// the minimal fix is applied here, in code, and listed in <c>Samples/README.md</c>.
/// </summary>
public static partial class Samples
{
    public static string Read(string relativePath) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", relativePath));

    /// <summary>Fix 1 (Capital Float answers): one block holds several JSON objects separated by <c># comment</c> lines.
    /// The <c>#</c> lines are dropped and the objects read one by one.</summary>
    public static IReadOnlyList<string> JsonDocuments(string text)
    {
        var withoutComments = string.Join('\n', text.Split('\n').Where(line => !line.TrimStart().StartsWith('#')));
        var bytes = Encoding.UTF8.GetBytes(withoutComments);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { AllowMultipleValues = true, AllowTrailingCommas = true });
        var documents = new List<string>();
        while (reader.Read())
        {
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            documents.Add(Encoding.UTF8.GetString(bytes, start, (int)reader.BytesConsumed - start));
        }

        return documents;
    }

    /// <summary>Fix 2 (curl requests): the JSON body is the <c>-d '…'</c> argument of the documented curl command.</summary>
    public static string CurlBody(string curl)
    {
        var match = CurlData().Match(curl);
        return match.Success ? match.Groups[1].Value : throw new InvalidOperationException("no -d '…' body in the curl sample");
    }

    /// <summary>Fix 3: a missing comma between two members printed on consecutive lines (<c>"a": "x"</c> newline <c>"b"</c>).
    /// Only that exact spot is changed; the test asserts the fix was needed.</summary>
    public static string InsertMissingComma(string json, string lineEnd)
    {
        var fixedJson = json.Replace(lineEnd + "\n", lineEnd + ",\n", StringComparison.Ordinal);
        return fixedJson == json ? throw new InvalidOperationException($"'{lineEnd}' not found: the fix is no longer needed") : fixedJson;
    }

    [GeneratedRegex(@"-d\s+'(.*?)'", RegexOptions.Singleline)]
    private static partial Regex CurlData();
}
