using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LoanJourney.Engine.Activities;
using LoanJourney.Lenders.Common;

namespace LoanJourney.Activities.Journey;

/// <summary>
/// Runs a lender call inside a <see cref="LenderCallCapture"/> and copies every masked attempt into the journal as a
/// <c>LenderCall</c> entry with the field names of the management API (docs/api.md).
/// </summary>
internal static class LenderCalls
{
    public const string JournalKind = "LenderCall";

    public static async Task<LenderResult<T>> CallAsync<T>(ActivityContext ctx, Func<CancellationToken, Task<LenderResult<T>>> call)
    {
        using var capture = LenderCallCapture.Begin();
        try
        {
            return await call(ctx.CancellationToken);
        }
        finally
        {
            foreach (var record in capture.Calls)
            {
                ctx.AddJournalEntry(JournalKind, ToJson(record));
            }
        }
    }

    internal static JsonObject ToJson(LenderCallRecord record) => new()
    {
        ["lender"] = record.Lender,
        ["operation"] = record.Operation,
        ["method"] = record.Method,
        ["path"] = record.Path,
        ["httpStatus"] = record.HttpStatus,
        ["lenderCode"] = record.LenderCode,
        ["latencyMs"] = Math.Round(record.Latency.TotalMilliseconds, 1),
        ["attempt"] = record.Attempt,
        ["startedAt"] = record.StartedAt.ToString("O", CultureInfo.InvariantCulture),
        ["request"] = Body(record.RequestBody),
        ["response"] = Body(record.ResponseBody),
        ["error"] = record.Error,
    };

    // Bodies are already masked by the recorder; JSON stays JSON so the Studio can render it, anything else stays text.
    private static JsonNode? Body(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return JsonValue.Create(body);
        }
    }
}
