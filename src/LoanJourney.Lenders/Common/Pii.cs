using System.Text;
using System.Text.RegularExpressions;

namespace LoanJourney.Lenders.Common;

/// <summary>Masks personal data for logs, the journal and the Studio: enough left to recognise a record, not to reuse it.</summary>
public static partial class Pii
{
    private const char Mask = 'X';

    /// <summary><c>ABCDE1234F</c> → <c>XXXXX1234F</c>.</summary>
    public static string MaskPan(string? pan) => KeepLast(pan, 5);

    /// <summary><c>1234 5678 9012</c> → <c>XXXX XXXX 9012</c> (UIDAI allows the last four digits to be shown).</summary>
    public static string MaskAadhaar(string? aadhaar) => KeepLast(aadhaar, 4);

    /// <summary><c>9876543210</c> → <c>XXXXXX3210</c>.</summary>
    public static string MaskMobile(string? mobile) => KeepLast(mobile, 4);

    /// <summary>A bank account number keeps its last four characters.</summary>
    public static string MaskAccountNumber(string? accountNumber) => KeepLast(accountNumber, 4);

    /// <summary>A GSTIN embeds the PAN (characters 3–12): only its last three characters are kept.</summary>
    public static string MaskGstin(string? gstin) => KeepLast(gstin, 3);

    /// <summary><c>rahul.sharma@example.com</c> → <c>r***@example.com</c>.</summary>
    public static string MaskEmail(string? email)
    {
        if (string.IsNullOrEmpty(email))
        {
            return email ?? string.Empty;
        }

        var at = email.IndexOf('@', StringComparison.Ordinal);
        return at <= 0 ? new string(Mask, email.Length) : string.Concat(email.AsSpan(0, 1), "***", email.AsSpan(at));
    }

    /// <summary><c>Rahul Sharma</c> → <c>R**** S*****</c>.</summary>
    public static string MaskName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return name ?? string.Empty;
        }

        return string.Join(' ', name.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Length == 1 ? "*" : string.Concat(part.AsSpan(0, 1), new string('*', part.Length - 1))));
    }

    /// <summary>An identifier (a UAN) keeps its last four characters.</summary>
    public static string MaskIdentifier(string? identifier) => KeepLast(identifier, 4);

    /// <summary><c>203.0.113.45</c> → <c>203.0.X.X</c>; an IPv6 address keeps its first two groups (<c>2001:db8:X</c>); anything else
    /// is masked whole.</summary>
    public static string MaskIpAddress(string? address)
    {
        if (string.IsNullOrEmpty(address))
        {
            return address ?? string.Empty;
        }

        var v4 = address.Split('.');
        if (v4.Length == 4)
        {
            return $"{v4[0]}.{v4[1]}.{Mask}.{Mask}";
        }

        var v6 = address.Split(':');
        return v6.Length >= 3 ? $"{v6[0]}:{v6[1]}:{Mask}" : MaskAll(address);
    }

    /// <summary>Masks everything; used for dates of birth and addresses.</summary>
    public static string MaskAll(string? value) =>
        string.IsNullOrEmpty(value) ? value ?? string.Empty : new string(Mask, Math.Min(value.Length, 8));

    /// <summary>
    /// Masks PII patterns found in free text (lender messages, non-JSON bodies, file names, query values): email, GSTIN, PAN
    /// (also inside other tokens), Aadhaar, mobile, a bank account number (after "a/c", "account no." or "acct", or a run of
    /// 14 to 18 digits anywhere), a date introduced as a birth date (<c>dob 1990-05-14</c>, <c>born on 14/05/1990</c>) and
    /// the digits of an OTP (<c>OTP ***</c>). UUIDs (the lenders' reference ids) and our journey ids (32 hex digits)
    /// are left whole: a group of twelve digits, or ten after a letter, would otherwise read as an Aadhaar or a mobile
    /// number, and the journal would show a reference id the lender does not know, a message a journey nobody can find.
    /// </summary>
    public static string ScrubText(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        var uuids = UuidPattern().Matches(text);
        if (uuids.Count == 0)
        {
            return ScrubPatterns(text);
        }

        var scrubbed = new StringBuilder(text.Length);
        var at = 0;
        foreach (Match uuid in uuids)
        {
            scrubbed.Append(ScrubPatterns(text[at..uuid.Index])).Append(uuid.Value);
            at = uuid.Index + uuid.Length;
        }

        return scrubbed.Append(ScrubPatterns(text[at..])).ToString();
    }

    private static string ScrubPatterns(string text)
    {
        if (text.Length == 0)
        {
            return text;
        }

        // FinBox Sourcing's documented refusal "Invalid `field`, passed value: `value`" echoes what we sent, whatever it is (a date
        // of birth, a vintage date, a gender: no pattern below knows them), into the incident message and the journal (session 46:
        // "Invalid dob, passed value: 1990-05-14T00:00:00Z" was shown whole); the field's name stays, the value is masked whole.
        text = PassedValuePattern().Replace(text, m => m.Groups["prefix"].Value + MaskAll(m.Groups["value"].Value));
        text = EmailPattern().Replace(text, m => MaskEmail(m.Value));
        text = GstinPattern().Replace(text, m => MaskGstin(m.Value));
        text = PanPattern().Replace(text, m => MaskPan(m.Value));
        text = AadhaarPattern().Replace(text, m => MaskAadhaar(m.Value));
        text = MobilePattern().Replace(text, m => MaskMobile(m.Value));

        // Walk 52: a lender's refusal, an exception or an operator's reason quoting a bank account number ("a/c 5091827364550")
        // or a date of birth ("born 1984-02-29") kept it whole wherever the text went (incident, journal, log, audit trail):
        // only a 12-digit account number was masked, as if it were an Aadhaar. Run after the mobile and Aadhaar patterns, so
        // what they masked keeps their form.
        text = AccountNumberPattern().Replace(text, m => m.Groups["prefix"].Value + MaskAccountNumber(m.Groups["number"].Value));
        text = BirthDatePattern().Replace(text, m => m.Groups["prefix"].Value + MaskAll(m.Groups["date"].Value));

        // An OTP is never kept, not even masked: where the text says one follows ("OTP 739451", "otp: 1234"), its digits go.
        return OtpPattern().Replace(text, m => m.Groups["prefix"].Value + "***");
    }

    private static string KeepLast(string? value, int keep)
    {
        if (string.IsNullOrEmpty(value))
        {
            return value ?? string.Empty;
        }

        if (value.Length <= keep)
        {
            return new string(Mask, value.Length);
        }

        var chars = value.ToCharArray();
        for (var i = 0; i < chars.Length - keep; i++)
        {
            if (!char.IsWhiteSpace(chars[i]) && chars[i] != '-')
            {
                chars[i] = Mask;
            }
        }

        return new string(chars);
    }

    [GeneratedRegex(@"(?<![0-9A-Fa-f])(?:[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}|[0-9A-Fa-f]{32})(?![0-9A-Fa-f])")]
    private static partial Regex UuidPattern();

    [GeneratedRegex(@"(?<prefix>\bInvalid [A-Za-z_]+, passed value: ?)(?<value>[^\r\n""]+)")]
    private static partial Regex PassedValuePattern();

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"\b[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][0-9A-Z]Z[0-9A-Z]\b")]
    private static partial Regex GstinPattern();

    // Upper case as issued, also inside other tokens; typed in lower or mixed case (an operator's reason), only with a valid
    // fourth character (the holder's type: P a person, C a company, …) and standing alone, so that ordinary words and ids
    // with four digits in them stay as they are.
    [GeneratedRegex(@"(?<![A-Z])[A-Z]{5}[0-9]{4}[A-Z](?![A-Z])|(?<![A-Za-z])(?i:[a-z]{3}[abcfghjlpt][a-z][0-9]{4}[a-z])(?![A-Za-z])")]
    private static partial Regex PanPattern();

    [GeneratedRegex(@"\b[0-9]{4}[ \-]?[0-9]{4}[ \-]?[0-9]{4}\b")]
    private static partial Regex AadhaarPattern();

    // Ten digits from 6 to 9 as people write them: with +91, 0091, 91 or a trunk 0 before, and a space or a dash between any
    // two digits (98765 43210, +91-98765-43210, 098765-43210, 9876-543-210).
    [GeneratedRegex(@"(?<![0-9])(?:(?:\+|00)?91[ \-]?|0)?[6-9](?:[ \-]?[0-9]){9}(?![0-9])")]
    private static partial Regex MobilePattern();

    // Indian bank account numbers are 9 to 18 digits. Where the text says it is one ("a/c", "account no.", "acct"), any run of
    // 6 to 18 digits after it; anywhere, a run of 14 to 18 digits standing alone (long account numbers, card numbers). A run
    // of 9 to 13 digits alone is left: an epoch timestamp in milliseconds has 13, in seconds 10, and lenders quote both.
    [GeneratedRegex(@"(?<prefix>\b(?i:a/c|acct|account)(?i: ?(?:no|num|number))?\.?[\s:#=""'\-]*)(?<number>[0-9]{6,18})(?![0-9A-Za-z])|(?<![0-9A-Za-z.])(?<number>[0-9]{14,18})(?![0-9A-Za-z]|\.[0-9])")]
    private static partial Regex AccountNumberPattern();

    // A date is masked only where the text says it is a birth date: dates are everywhere else (timestamps, payment dates).
    [GeneratedRegex(@"(?<prefix>\b(?i:dob|d\.o\.b|date of birth|birth ?date|born(?: on)?)\.?[\s:=,""'\-]*)(?<date>[0-9]{4}[\-/.][0-9]{1,2}[\-/.][0-9]{1,2}|[0-9]{1,2}[\-/.][0-9]{1,2}[\-/.][0-9]{4}|[0-9]{1,2} (?i:[a-z]{3,9}),? [0-9]{4})")]
    private static partial Regex BirthDatePattern();

    [GeneratedRegex(@"(?<prefix>\b(?i:otp|one[ \-]time password)\b(?i: is| was)?[\s:=#""'\-]*)[0-9]{4,8}(?![0-9])")]
    private static partial Regex OtpPattern();
}
