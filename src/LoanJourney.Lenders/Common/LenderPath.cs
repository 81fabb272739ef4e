using System.Text;

namespace LoanJourney.Lenders.Common;

/// <summary>The path of a request as logs and the journal show it: query values masked by the same field rules as JSON bodies.</summary>
internal static class LenderPath
{
    public static string Describe(Uri? uri)
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
            var masked = JsonBodyMasker.MaskValue(name, value);
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
