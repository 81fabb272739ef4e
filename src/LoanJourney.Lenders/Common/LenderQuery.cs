using System.Text;

namespace LoanJourney.Lenders.Common;

/// <summary>Builds a relative path with an escaped query; null values are left out.</summary>
internal static class LenderQuery
{
    public static string Build(string path, params ReadOnlySpan<(string Name, string? Value)> parameters)
    {
        var builder = new StringBuilder(path);
        var separator = '?';
        foreach (var (name, value) in parameters)
        {
            if (value is null)
            {
                continue;
            }

            builder.Append(separator).Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }

        return builder.ToString();
    }
}
