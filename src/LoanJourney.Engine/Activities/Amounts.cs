using System.Globalization;

namespace LoanJourney.Engine.Activities;

/// <summary>
/// How an amount is read wherever a journey takes one, from a JSON number's text or a string: invariant culture, an optional
/// sign, thousands separators and a decimal point (<c>1,500.50</c>), and the exponent form JSON allows (<c>1.5e5</c>, which
/// was refused or faulted a journey before session 36). A value beyond <see cref="decimal"/>'s range is not an amount.
/// </summary>
public static class Amounts
{
    /// <summary>The number styles accepted.</summary>
    public const NumberStyles Styles = NumberStyles.Number | NumberStyles.AllowExponent;

    /// <summary>Reads <paramref name="text"/> as an amount.</summary>
    public static bool TryParse(string? text, out decimal amount) => decimal.TryParse(text, Styles, CultureInfo.InvariantCulture, out amount);
}
