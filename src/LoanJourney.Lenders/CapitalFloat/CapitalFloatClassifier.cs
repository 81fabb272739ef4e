using System.Globalization;
using System.Text.Json;
using LoanJourney.Lenders.Common;

namespace LoanJourney.Lenders.CapitalFloat;

/// <summary>Classifies Capital Float answers by (operation, <c>status</c>) from <see cref="CapitalFloatCodes"/>; the status may be a
/// number or a string. Undocumented negative codes are terminal; 5xx/429 are retryable.</summary>
internal sealed class CapitalFloatClassifier : ILenderClassifier
{
    public static readonly CapitalFloatClassifier Instance = new();

    public LenderOutcome Classify(string operation, int httpStatus, JsonElement? body)
    {
        var code = LenderStatusCode.Read(body);
        var message = body is { ValueKind: JsonValueKind.Object } root && root.TryGetProperty("message", out var m)
            && m.ValueKind == JsonValueKind.String && m.GetString() is { Length: > 0 } text
            ? text
            : null;
        if (httpStatus >= 500 || httpStatus is 429 or 408)
        {
            return new LenderOutcome(LenderResultKind.RetryableFailure, code ?? HttpStatusClassification.Code(httpStatus), message);
        }

        // -200 "No partner found for current user" is about the caller, the partner our Authorization token names, on every
        // endpoint: like a 401 or 403, our token is wrong, nothing about the borrower. A 404 or 405 without a status is no
        // Capital Float answer: the BaseUrl is wrong (LenderMisconfiguration).
        var credentialsRefused = httpStatus is 401 or 403 || code == CapitalFloatCodes.NoPartnerForCurrentUser;
        if (FindRule(operation, code) is { } rule)
        {
            return new LenderOutcome(rule.Kind, code, message, rule.Hint, Ours(rule.Kind));
        }

        var kind = int.TryParse(code, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n < 0
            ? LenderResultKind.TerminalFailure
            : HttpStatusClassification.Classify(httpStatus);
        if (kind == LenderResultKind.Success && code is null)
        {
            kind = LenderResultKind.TerminalFailure;
            message ??= "no status in the answer";
        }

        return new LenderOutcome(kind, code ?? HttpStatusClassification.Code(httpStatus), message, OurSetting: Ours(kind));

        string? Ours(LenderResultKind classified) =>
            LenderMisconfiguration.Setting(httpStatus, classified, credentialsRefused, lendersOwnAnswer: IsCapitalFloatCode(code), LenderMisconfiguration.Authorization);
    }

    // Capital Float's statuses are 1 and negative numbers; a web server's error page may carry "status": 404 (Spring's, RFC 7807's).
    private static bool IsCapitalFloatCode(string? code) =>
        int.TryParse(code, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n <= 1;

    private static LenderCodeRule? FindRule(string operation, string? code) => CapitalFloatCodes.Statuses.Find(operation, code);
}
