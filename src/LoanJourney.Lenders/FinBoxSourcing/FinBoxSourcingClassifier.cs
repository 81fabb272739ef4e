using System.Text.Json;
using LoanJourney.Lenders.Common;

namespace LoanJourney.Lenders.FinBoxSourcing;

/// <summary>Classifies v1 answers by (operation, HTTP status, message) from <see cref="FinBoxSourcingCodes"/>; a 200 with
/// <c>status: false</c> is a terminal failure.</summary>
internal sealed class FinBoxSourcingClassifier : ILenderClassifier
{
    public static readonly FinBoxSourcingClassifier Instance = new();

    public LenderOutcome Classify(string operation, int httpStatus, JsonElement? body)
    {
        var root = body is { ValueKind: JsonValueKind.Object } r ? r : (JsonElement?)null;
        var error = root is { } o && o.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String && e.GetString() is { Length: > 0 } text
            ? text
            : null;
        var code = HttpStatusClassification.Code(httpStatus);
        var kind = FinBoxSourcingCodes.HttpCodes.Find(operation, code, error)?.Kind ?? HttpStatusClassification.Classify(httpStatus);
        if (kind == LenderResultKind.Success && httpStatus is >= 200 and < 300
            && root is { } obj && obj.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.False)
        {
            kind = LenderResultKind.TerminalFailure;
        }

        // v1 answers 403 for its own validation errors and 404 for "user not found" / "txnID not found", always in its envelope
        // (status false, error): only a 401, or a 403/404/405 from outside that envelope (a gateway's), is about our configuration.
        var envelope = root is { } answer && answer.TryGetProperty("status", out var flag) && flag.ValueKind is JsonValueKind.True or JsonValueKind.False;
        var ours = LenderMisconfiguration.Setting(httpStatus, kind, httpStatus == 401 || (httpStatus == 403 && !envelope),
            lendersOwnAnswer: envelope, LenderMisconfiguration.ApiKey);
        return new LenderOutcome(kind, code, error, OurSetting: ours);
    }
}
