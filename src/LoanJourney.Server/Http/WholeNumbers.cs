using System.Globalization;
using LoanJourney.Lenders.Common;

namespace LoanJourney.Server.Http;

/// <summary>
/// What a whole-number parameter takes, in the words of a problem, for every such parameter of the API: those the
/// framework binds (<c>?version=</c>, through <see cref="ParameterBinding"/>) and those handlers read themselves (the
/// lists' <c>skip</c>, <c>take</c>, <c>version</c>, the audit's <c>before</c>, the funnel's <c>stuckAfterSeconds</c>). A
/// limit that is only the machine's (2147483647, 2^53 - 1) is not quoted: "Must be a whole number from 1 to 2147483647."
/// read as a puzzle, where "a positive whole number" is what the caller needs; a number past that limit is told so.
/// </summary>
internal static class WholeNumbers
{
    /// <summary>"a positive whole number (1 or more)", "a whole number from 1 to 500", …: what a value from min to max is.</summary>
    public static string Takes(long min, long max) => Unbounded(max)
        ? min switch
        {
            1 => "a positive whole number (1 or more)",
            0 => "a whole number (0 or more)",
            _ when min <= int.MinValue => "a whole number",
            _ => string.Create(CultureInfo.InvariantCulture, $"a whole number ({min} or more)"),
        }
        : string.Create(CultureInfo.InvariantCulture, $"a whole number from {min} to {max}");

    /// <summary>The message for <paramref name="given"/>, which is not a whole number from min to max.</summary>
    public static string Refusal(long min, long max, string given)
    {
        var message = $"Must be {Takes(min, max)}.";
        if (Unbounded(max) && decimal.TryParse(given, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
        {
            if (number > max)
            {
                return message + string.Create(CultureInfo.InvariantCulture, $" {Pii.ScrubText(given)} is too large (at most {max}).");
            }

            if (number < min && min <= int.MinValue)
            {
                return message + string.Create(CultureInfo.InvariantCulture, $" {Pii.ScrubText(given)} is too small (at least {min}).");
            }
        }

        return message;
    }

    // The largest value of the type, not a limit of the parameter's meaning.
    private static bool Unbounded(long max) => max >= int.MaxValue;
}
