using System.Text;

namespace LoanJourney.Lenders.Common;

/// <summary>The path of a request as the journal and the log show it.</summary>
internal static class LenderPath
{
    /// <summary>
    /// For the journal and the Studio: query values masked by the same field rules as JSON bodies (a customer id or a reference
    /// stays readable for the operator; the journal body goes with the journey at retention and erasure).
    /// </summary>
    public static string Describe(Uri? uri) => Describe(uri, JsonBodyMasker.MaskValue);

    /// <summary>
    /// For log lines: query parameter names only, every value <c>***</c>. A log file outlives an erasure (it goes after
    /// <c>Serilog:File:RetainedFiles</c> days), and a query value is most often the borrower's customer id.
    /// </summary>
    public static string ForLog(Uri? uri) => Describe(uri, static (_, _) => null);

    private static string Describe(Uri? uri, Func<string, string, string?> mask)
    {
        if (uri is null)
        {
            return string.Empty;
        }

        var path = uri.IsAbsoluteUri ? uri.AbsolutePath : uri.OriginalString.Split('?')[0];
        var query = uri.IsAbsoluteUri ? uri.Query : (uri.OriginalString.Contains('?', StringComparison.Ordinal) ? uri.OriginalString[uri.OriginalString.IndexOf('?', StringComparison.Ordinal)..] : string.Empty);
        if (query.Length <= 1)
        {
            return path;
        }

        var builder = new StringBuilder(path).Append('?');
        var first = true;
        foreach (var pair in query[1..].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..]);
            var masked = mask(name, value);
            if (!first)
            {
                builder.Append('&');
            }

            first = false;
            builder.Append(Uri.EscapeDataString(name)).Append('=').Append(masked is null ? "***" : Uri.EscapeDataString(masked));
        }

        return builder.ToString();
    }
}
