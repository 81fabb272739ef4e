using System.Text.Json;
using LoanJourney.Lenders.Common;

namespace LoanJourney.Lenders.PartnerToken;

/// <summary>Classifies partner answers from <see cref="PartnerTokenCodes"/>.</summary>
internal sealed class PartnerTokenClassifier : ILenderClassifier
{
    public static readonly PartnerTokenClassifier Instance = new();

    public LenderOutcome Classify(string operation, int httpStatus, JsonElement? body)
    {
        var code = LenderStatusCode.Read(body);
        var message = body is { ValueKind: JsonValueKind.Object } root && root.TryGetProperty("msg", out var m)
            && m.ValueKind == JsonValueKind.String && m.GetString() is { Length: > 0 } text
            ? text
            : null;
        LenderResultKind kind;
        if (httpStatus >= 500 || httpStatus is 429 or 408)
        {
            kind = LenderResultKind.RetryableFailure;
        }
        else if (PartnerTokenCodes.Statuses.Find(operation, code) is { } rule)
        {
            kind = rule.Kind;
        }
        else if (PartnerStatuses.IsError(code) || (code is null && httpStatus is >= 200 and < 300))
        {
            kind = LenderResultKind.TerminalFailure;
        }
        else
        {
            kind = HttpStatusClassification.Classify(httpStatus) == LenderResultKind.Success
                ? LenderResultKind.TerminalFailure
                : HttpStatusClassification.Classify(httpStatus);
        }

        return new LenderOutcome(kind, code ?? HttpStatusClassification.Code(httpStatus), message);
    }
}
