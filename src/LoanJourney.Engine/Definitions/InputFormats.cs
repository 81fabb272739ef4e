using System.Text.Json;
using System.Text.RegularExpressions;
using Json.Schema;

namespace LoanJourney.Engine.Definitions;

/// <summary>
/// The <c>format</c>s a start input field may declare (session 45: a start with <c>email</c> = <c>"not-an-email … x"</c> was
/// accepted and the journey failed at the lender). Each is the rule a lender or the issuing body documents, checked before any
/// lender is called. JSON Schema's own names where one exists, judged by JsonSchema.Net (the library that evaluates the
/// whole input schema, so the served schema and the check cannot disagree):
/// <list type="bullet">
/// <item><c>email</c>: an address as RFC 5321's Mailbox (JSON Schema 2020-12 §7.3.2). Not <c>System.Net.Mail.MailAddress</c>:
/// that parses a mail header, so it takes a display name (<c>Ravi &lt;r@x.com&gt;</c>) and trims and rewrites what it is
/// given; a field value is an address, not a header.</item>
/// <item><c>date</c>: RFC 3339 full-date, <c>yyyy-MM-dd</c>, a real calendar day (FinBox's <c>dob</c>: "Date of Birth in
/// YYYY-MM-DD format").</item>
/// </list>
/// India's identifiers, which JSON Schema has no name for, by the issuer's published structure (the seeds show only such values):
/// <list type="bullet">
/// <item><c>pan</c>: Income Tax PAN, <c>AAAAA9999A</c> (5 letters, 4 digits, a letter; upper case).</item>
/// <item><c>mobile-in</c>: an Indian mobile number, 10 digits starting 6–9, no <c>+91</c> or <c>0</c> (FinBox create user's
/// <c>mobile</c>, "Invalid mobile number" otherwise).</item>
/// <item><c>pincode</c>: an India Post PIN code, 6 digits, the first not 0 (FinBox's <c>pincode</c>).</item>
/// <item><c>ifsc</c>: an RBI IFSC, 4 letters, <c>0</c>, then 6 letters or digits (<c>HDFC0000123</c>; mandate and bank details).</item>
/// </list>
/// </summary>
public static partial class InputFormats
{
    /// <summary>Each declarable format and what it asks for, as a start's 400 names it (never the value given).</summary>
    public static IReadOnlyDictionary<string, string> Known { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["email"] = "an e-mail address (name@example.com)",
        ["date"] = "a date as yyyy-MM-dd",
        ["pan"] = "a PAN: 5 letters, 4 digits, 1 letter, upper case (AAAAA9999A)",
        ["mobile-in"] = "a 10-digit Indian mobile number starting with 6, 7, 8 or 9",
        ["pincode"] = "a 6-digit PIN code not starting with 0",
        ["ifsc"] = "an IFSC: 4 letters, 0, then 6 letters or digits, upper case (HDFC0000123)",
    };

    /// <summary>
    /// The time a declared <c>pattern</c> may take on one value at a start before the check gives up and the field is refused
    /// (<c>400</c> naming it, code <c>pattern</c>; session 46: it ran without one, so a pattern that backtracks without end,
    /// <c>^(a+)+$</c> on <c>aaaa…b</c>, held the start's request and a thread for minutes). A pattern a designer writes for a
    /// field matches a value in microseconds, so a second is reached only by such a pattern, also on a loaded machine.
    /// </summary>
    public static TimeSpan PatternTimeout { get; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A declared <c>pattern</c> as a start runs it: JSON Schema's regular expression (ECMA-262, as JsonSchema.Net reads
    /// <c>pattern</c>: <see cref="RegexOptions.ECMAScript"/>), found anywhere in the value unless anchored, with
    /// <see cref="PatternTimeout"/>. The compiler builds the same one (<see cref="PatternProblem"/>), so a pattern that
    /// passes a publish is the one every start runs.
    /// </summary>
    /// <exception cref="ArgumentException">The pattern does not compile.</exception>
    public static Regex PatternRegex(string pattern) => new(pattern, RegexOptions.ECMAScript, PatternTimeout);

    /// <summary>Whether <paramref name="text"/> is a PAN (<c>AAAAA9999A</c>).</summary>
    public static bool IsPan(string text) => PanPattern().IsMatch(text);

    /// <summary>Whether <paramref name="text"/> is a 10-digit Indian mobile number starting 6–9.</summary>
    public static bool IsMobile(string text) => MobilePattern().IsMatch(text);

    /// <summary>Whether <paramref name="text"/> is a 6-digit PIN code not starting with 0.</summary>
    public static bool IsPincode(string text) => PincodePattern().IsMatch(text);

    /// <summary>Whether <paramref name="text"/> is an IFSC.</summary>
    public static bool IsIfsc(string text) => IfscPattern().IsMatch(text);

    /// <summary>
    /// Whether <paramref name="text"/> is an e-mail address: JsonSchema.Net's <c>email</c> rule (its domain mapped to ASCII by IDNA,
    /// then its pattern), without the 200 ms match timeout that library runs it under and answers "not an e-mail" on: on a loaded
    /// machine a valid address (<c>ravi@example.com</c>) was refused now and then (CI s48e, ScaleOutTests, a start answered 400).
    /// The pattern's repetitions are separated by characters they cannot match, so it runs in time linear in the text, and a
    /// start's body is bounded (BodyLimits). The <c>email</c> format of the start's schema is this rule too (<see cref="Register"/>).
    /// </summary>
    public static bool IsEmail(string text)
    {
        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at == text.Length - 1)
        {
            return false;
        }

        string domain;
        try
        {
            // A mapping of its own per call: IdnMapping's instance members are not documented thread-safe, and starts are
            // checked on many threads at once. It holds two flags; the mapping itself is ICU's (or Windows') stateless call.
            domain = new System.Globalization.IdnMapping().GetAscii(text[(at + 1)..]);
        }
        catch (ArgumentException)
        {
            return false;
        }

        return EmailPattern().IsMatch(string.Concat(text.AsSpan(0, at + 1), domain));
    }

    /// <summary>Why <paramref name="pattern"/> cannot be a field's <c>pattern</c>, or null when it can: it must compile as the
    /// start runs it (<see cref="PatternRegex"/>; until session 46 the compiler read it without <c>ECMAScript</c>, so it refused
    /// <c>\h</c>, which a start reads as <c>h</c>, and judged a regular expression other than the one the start ran).</summary>
    public static string? PatternProblem(string pattern)
    {
        if (string.IsNullOrEmpty(pattern))
        {
            return "The pattern is empty.";
        }

        try
        {
            _ = PatternRegex(pattern);
            return null;
        }
        catch (ArgumentException e)
        {
            return $"Not a valid regular expression: {e.Message}";
        }
    }

    internal static void Register(FormatRegistry registry)
    {
        registry.Register(new PredicateFormat("pan", static e => e.ValueKind != JsonValueKind.String || IsPan(e.GetString()!)));
        registry.Register(new PredicateFormat("mobile-in", static e => e.ValueKind != JsonValueKind.String || IsMobile(e.GetString()!)));
        registry.Register(new PredicateFormat("pincode", static e => e.ValueKind != JsonValueKind.String || IsPincode(e.GetString()!)));
        registry.Register(new PredicateFormat("ifsc", static e => e.ValueKind != JsonValueKind.String || IsIfsc(e.GetString()!)));
        registry.Register(new PredicateFormat("email", static e => e.ValueKind != JsonValueKind.String || IsEmail(e.GetString()!)));
    }

    [GeneratedRegex("^[A-Z]{5}[0-9]{4}[A-Z]$")]
    private static partial Regex PanPattern();

    [GeneratedRegex("^[6-9][0-9]{9}$")]
    private static partial Regex MobilePattern();

    [GeneratedRegex("^[1-9][0-9]{5}$")]
    private static partial Regex PincodePattern();

    [GeneratedRegex("^[A-Z]{4}0[A-Z0-9]{6}$")]
    private static partial Regex IfscPattern();

    // JsonSchema.Net 8.0.5's email pattern, as it is (applied there after the same IDNA mapping of the domain).
    [GeneratedRegex("""^(?(")(".+?(?<!\\)"@)|([-!#$%&'*+/=?^`{}|~A-Za-z0-9_]+(\.((?!\.)[-!#$%&'*+/=?^`{}|~A-Za-z0-9_]+))*@))(\[([0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}|(?i:IPv6:)[0-9A-Fa-f:.]+)\]|([A-Za-z0-9]([A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63})$""")]
    private static partial Regex EmailPattern();
}
