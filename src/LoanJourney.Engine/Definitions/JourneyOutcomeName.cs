using System.Text.RegularExpressions;

namespace LoanJourney.Engine.Definitions;

/// <summary>
/// What a journey outcome may be: a name the definition's author wrote (<c>Disbursed</c>, <c>HandshakeTimedOut</c>), never
/// borrower data. The outcome is a metrics tag (<c>loanjourney_journeys_completed_total{outcome=…}</c>), a list filter, a
/// funnel column, and it stays on a journey after retention and erasure.
/// </summary>
public static partial class JourneyOutcomeName
{
    /// <summary>At most this many characters.</summary>
    public const int MaxLength = 64;

    /// <summary>A letter, then letters, digits, <c>_</c> or <c>-</c>; at most <see cref="MaxLength"/> in all.</summary>
    public const string Pattern = @"^[A-Za-z][A-Za-z0-9_-]{0,63}\z";

    /// <summary>Whether <paramref name="name"/> is a valid outcome name.</summary>
    public static bool IsValid(string? name) => name is not null && Regex().IsMatch(name);

    [GeneratedRegex(Pattern, RegexOptions.CultureInvariant)]
    private static partial Regex Regex();
}
