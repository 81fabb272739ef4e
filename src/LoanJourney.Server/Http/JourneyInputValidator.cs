using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Definitions;
using LoanJourney.Lenders.Common;

namespace LoanJourney.Server.Http;

/// <summary>
/// Checks the common journey fields wherever they appear in a start input, by field name, so a bad value is refused
/// with its path (<c>customer.mobile</c>) before any lender sees it: mobile numbers (10 digits starting 6–9), PAN
/// (<c>AAAAA9999A</c>), e-mail addresses, PIN codes and IFSCs (session 45: an <c>email</c> of <c>"not-an-email … x"</c> started a
/// journey; the same rules as the input formats a definition may declare, <see cref="InputFormats"/>), dates of birth (<c>yyyy-MM-dd</c>), other dates (ISO <c>yyyy-MM-dd</c> or an ISO date-time), amounts (positive numbers, exponent form
/// included: <c>1.5e5</c>), counts (a loan's <c>tenure</c> in months, a repayment's <c>installmentNum</c>: whole numbers from 1)
/// and files' bytes (any field named <c>…Base64</c>: non-empty base64). A count or an amount refused here used to be accepted and
/// fault the journey at the step that read it, after the lender had been called (session 36).
/// </summary>
internal static class JourneyInputValidator
{
    private static readonly HashSet<string> MobileFields = new(StringComparer.OrdinalIgnoreCase) { "mobile", "mobileNumber", "phone", "phoneNumber" };
    private static readonly HashSet<string> PanFields = new(StringComparer.OrdinalIgnoreCase) { "pan", "panNumber" };
    private static readonly HashSet<string> EmailFields = new(StringComparer.OrdinalIgnoreCase) { "email", "emailId", "emailAddress" };
    private static readonly HashSet<string> PincodeFields = new(StringComparer.OrdinalIgnoreCase) { "pincode", "pinCode" };
    private static readonly HashSet<string> IfscFields = new(StringComparer.OrdinalIgnoreCase) { "ifsc", "ifscCode" };
    private static readonly HashSet<string> DateFields = new(StringComparer.OrdinalIgnoreCase) { "dob", "dateOfBirth" };
    private static readonly HashSet<string> CountFields = new(StringComparer.OrdinalIgnoreCase) { "tenure", "installmentNum" };
    private static readonly HashSet<string> AmountFields = new(StringComparer.OrdinalIgnoreCase) { "amount", "amountReceived" };

    /// <summary>What a masked credential sent back is told (<see cref="SecretValues.IsMasked"/>).</summary>
    public const string MaskedCredential =
        "is a masked credential (•••• and its last four characters, as answers show it), not the credential: send the value itself.";

    /// <param name="input">A start's input or a signal's body.</param>
    /// <param name="secret">
    /// Whether the body itself stands for a credential: a signal named for one (<c>otp</c>), whose body may be the bare value.
    /// </param>
    public static Dictionary<string, string[]> Validate(JsonNode? input, bool secret = false)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        Walk(input, "", errors);

        // Answers show a credential masked (SecretValues; docs/server.md, "Secrets in answers"). A caller that copied one from an
        // answer into a start or a signal (a session token, a portal PIN, the OTP) would start the journey, or answer the
        // lender, with "••••3456" (session 54): refused, naming each field, before anything is stored or sent. Its message
        // overrides a format's for the same field (a masked OTP is not "not an OTP": it is a copy of one).
        foreach (var path in SecretValues.MaskedPaths(input, "", secret))
        {
            errors[path.Length == 0 ? "body" : path] = [MaskedCredential];
        }

        return errors;
    }

    private static void Walk(JsonNode? node, string path, Dictionary<string, string[]> errors)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    var child = path.Length == 0 ? name : $"{path}.{name}";
                    if (value is JsonValue scalar && Check(name, scalar) is { } message)
                    {
                        errors[child] = [message];
                    }
                    else
                    {
                        Walk(value, child, errors);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Walk(array[i], $"{path}[{i}]", errors);
                }

                break;
        }
    }

    private static string? Check(string name, JsonValue value)
    {
        var text = value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.Number => value.ToJsonString(),
            JsonValueKind.Null => null,
            _ => value.ToJsonString(),
        };
        if (text is null)
        {
            return null;
        }

        if (MobileFields.Contains(name))
        {
            return InputFormats.IsMobile(text) ? null : "Must be a 10-digit Indian mobile number starting with 6, 7, 8 or 9.";
        }

        if (PanFields.Contains(name))
        {
            return InputFormats.IsPan(text) ? null : "Must be a PAN in the form AAAAA9999A (5 letters, 4 digits, 1 letter, upper case).";
        }

        // Never the value in the message (PII; docs/server.md). An empty text is left alone, as the lender's own samples send
        // one for a detail not known (FinBox's NACH business address: "pincode": "").
        if (text.Length == 0 && value.GetValueKind() == JsonValueKind.String
            && (EmailFields.Contains(name) || PincodeFields.Contains(name) || IfscFields.Contains(name)))
        {
            return null;
        }

        if (EmailFields.Contains(name))
        {
            return value.GetValueKind() == JsonValueKind.String && InputFormats.IsEmail(text) ? null : $"Must be {InputFormats.Known["email"]}.";
        }

        if (PincodeFields.Contains(name))
        {
            return value.GetValueKind() == JsonValueKind.String && InputFormats.IsPincode(text) ? null : $"Must be {InputFormats.Known["pincode"]}, as text.";
        }

        if (IfscFields.Contains(name))
        {
            return value.GetValueKind() == JsonValueKind.String && InputFormats.IsIfsc(text) ? null : $"Must be {InputFormats.Known["ifsc"]}.";
        }

        // A date of birth is a day, YYYY-MM-DD, in both FinBox APIs (Prism's details, Sourcing's partner push, which refuses
        // anything else: "Invalid dob"). Session 46's walk: a dob sent as a date-time started the journey and faulted it at the
        // push, after the lender call. Other dates (a repayment's paymentDate) may carry a time.
        if (DateFields.Contains(name))
        {
            return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
                ? null
                : "Must be a date of birth as yyyy-MM-dd (ISO 8601), without a time.";
        }

        if (name.EndsWith("Date", StringComparison.Ordinal))
        {
            return IsIsoDate(text) ? null : "Must be an ISO-8601 date (yyyy-MM-dd) or date-time.";
        }

        if (name.EndsWith("Base64", StringComparison.OrdinalIgnoreCase))
        {
            // A file's bytes: refused here rather than faulting the journey at the step that uploads it (banking).
            return value.GetValueKind() == JsonValueKind.String && text.Length > 0 && Base64.IsValid(text)
                ? null
                : "Must be the file's bytes in base64 (RFC 4648), not empty.";
        }

        if (CountFields.Contains(name))
        {
            // Read by the activities as an int: a JSON number, whole, from 1.
            return value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<int>(out var count) && count >= 1
                ? null
                : $"Must be a whole number from 1 to {int.MaxValue}, not {value.ToJsonString()}.";
        }

        if (AmountFields.Contains(name) || name.EndsWith("Amount", StringComparison.Ordinal))
        {
            if (!Amounts.TryParse(text, out var amount))
            {
                return value.GetValueKind() == JsonValueKind.Number
                    ? $"Must be a positive number no larger than {decimal.MaxValue.ToString(CultureInfo.InvariantCulture)}."
                    : "Must be a positive number.";
            }

            return amount > 0 ? null : "Must be a positive number.";
        }

        return null;
    }

    private static bool IsIsoDate(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
        || (text.Length > 10 && text[10] == 'T'
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _));
}
