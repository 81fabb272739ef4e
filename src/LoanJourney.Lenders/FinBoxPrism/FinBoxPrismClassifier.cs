using System.Text.Json;
using LoanJourney.Lenders.Common;

namespace LoanJourney.Lenders.FinBoxPrism;

/// <summary>Classifies Prism answers: the status code first, then <c>data.status</c> and the banking <c>errorCode</c> refine it.</summary>
internal sealed class FinBoxPrismClassifier : ILenderClassifier
{
    public static readonly FinBoxPrismClassifier Instance = new();

    public LenderOutcome Classify(string operation, int httpStatus, JsonElement? body)
    {
        var code = LenderStatusCode.Read(body);
        var error = Text(body, "error");
        var data = body is { ValueKind: JsonValueKind.Object } root && root.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object
            ? d
            : (JsonElement?)null;
        var message = !string.IsNullOrEmpty(error) ? error : null;

        var rule = FinBoxPrismCodes.StatusCodes.Find(operation, code);
        var kind = rule?.Kind ?? Fallback(httpStatus, code);
        if (httpStatus >= 500 || httpStatus == 429)
        {
            kind = rule?.Kind is LenderResultKind.RetryableFailure or LenderResultKind.TerminalFailure ? rule.Kind : LenderResultKind.RetryableFailure;
        }

        if (kind is LenderResultKind.Success or LenderResultKind.Processing or LenderResultKind.Rejected && data is { } payload)
        {
            var status = Text(payload, "status");
            var statusRule = FinBoxPrismCodes.DataStatuses.Find(operation, status);
            if (statusRule is not null)
            {
                kind = statusRule.Kind;
            }

            var details = payload.TryGetProperty("bankingDetails", out var b) && b.ValueKind == JsonValueKind.Object ? b : payload;
            var errorCode = Text(details, "errorCode");
            if (status == PrismStatuses.Failed && FinBoxPrismCodes.BankingErrors.Find(operation, errorCode) is { } bankingRule)
            {
                kind = bankingRule.Kind;
                message ??= $"{errorCode}: {Text(details, "errorMessage")}";
            }

            message ??= NonEmpty(Text(payload, "rejectionReason"))
                ?? (kind == LenderResultKind.Rejected ? NonEmpty(Text(payload, "message")) : null)
                ?? NonEmpty(Text(payload, "action"));
        }

        // Prism documents FBX-E-005 "Unauthorised Request" for a refused x-api-key; a 401 or 403 says the same whatever the body.
        // Its other failures ("User Not Found" FBX-E-006 among them) come in its envelope with their code, so a 404 or 405
        // without one is no Prism answer: the BaseUrl is wrong (LenderMisconfiguration).
        var ours = LenderMisconfiguration.Setting(httpStatus, kind, httpStatus is 401 or 403 || code == FinBoxPrismCodes.UnauthorisedRequest,
            lendersOwnAnswer: IsPrismCode(code), LenderMisconfiguration.ApiKey);
        return new LenderOutcome(kind, code ?? HttpStatusClassification.Code(httpStatus), message, OurSetting: ours);
    }

    // A Prism code ("FBX-E-006", "GEO-S-002"), not any "status" a web server's error page carries (Spring's or RFC 7807's 404).
    private static bool IsPrismCode(string? code) =>
        code is not null && (code.Contains("-E-", StringComparison.Ordinal) || code.Contains("-S-", StringComparison.Ordinal));

    private static LenderResultKind Fallback(int httpStatus, string? code)
    {
        if (httpStatus is >= 200 and < 300 && code is not null)
        {
            if (code.Contains("-E-", StringComparison.Ordinal))
            {
                return LenderResultKind.TerminalFailure;
            }
        }

        return HttpStatusClassification.Classify(httpStatus);
    }

    private static string? Text(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } obj && obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
