using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Xml;

namespace LoanJourney.Engine.Activities;

/// <summary>Parses durations written as <c>hh:mm:ss</c> (or <c>d.hh:mm:ss</c>) or ISO 8601 (<c>PT5M</c>).</summary>
public static class Durations
{
    /// <summary>Parses <paramref name="text"/>; false when it is not a non-negative duration.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (text.StartsWith('P'))
        {
            try
            {
                duration = XmlConvert.ToTimeSpan(text);
            }
            catch (FormatException)
            {
                return false;
            }
        }
        else if (!TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration))
        {
            return false;
        }

        return duration >= TimeSpan.Zero;
    }
}
