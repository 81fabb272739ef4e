using System.Text.Json;
using System.Text.Json.Nodes;
using LoanJourney.Activities.Journey;
using LoanJourney.Lenders.Common;

namespace LoanJourney.Activities.Tests.Journey;

/// <summary>
/// Which earlier sends make a duplicate answer this journey's own. The crash test found the gap: a trigger answered with
/// success (recorded in the intent) whose step was killed before the reference was saved, resent after the restart and
/// answered FBX-S-208, was taken as another journey's request.
/// </summary>
public sealed class MoneyCallTakenEffectTests
{
    [Theory]
    [InlineData("""[]""", false)]
    [InlineData("""[{ "answer": "400 FBX-E-002", "failed": true }]""", false)]
    [InlineData("""[{ "answer": "FBX-S-208 taken elsewhere", "failed": true }]""", false)]
    [InlineData("""[{ "sentAt": "2026-12-04T10:00:00Z" }]""", true)] // killed mid-call: no answer recorded
    [InlineData("""[{ "answer": "none (no answer)" }]""", true)]
    [InlineData("""[{ "answer": "TAS-S-000" }]""", true)] // answered with success, killed before the reference was saved
    [InlineData("""[{ "answer": "FBX-S-208" }]""", true)]
    [InlineData("""[{ "answer": "400 X", "failed": true }, { "answer": "none (no answer)" }]""", true)]
    public void ADuplicateAnswerIsThisJourneysOnlyAfterASendThatMayHaveTakenEffect(string sends, bool mayHave) =>
        Assert.Equal(mayHave, MoneyCall.MayHaveTakenEffect(JsonNode.Parse(sends)!.AsArray()));

    // A send's time as the incident shows it: to the millisecond, UTC, no trailing zeros (System.Text.Json's text); an
    // intent saved before session 45 holds the clock's 100 ns text, shown to the millisecond too.
    [Theory]
    [InlineData("\"2026-12-04T10:00:21.7978565+00:00\"", "2026-12-04T10:00:21.797+00:00")]
    [InlineData("\"2026-12-04T15:30:21.7978565+05:30\"", "2026-12-04T10:00:21.797+00:00")]
    [InlineData("\"2026-12-04T10:00:21.5+00:00\"", "2026-12-04T10:00:21.5+00:00")]
    [InlineData("\"2026-12-04T10:00:21+00:00\"", "2026-12-04T10:00:21+00:00")]
    [InlineData("\"not a time\"", "not a time")]
    public void ASendTime_IsShownToTheMillisecondInUtc(string stored, string shown) =>
        Assert.Equal(shown, MoneyCall.TimeText(JsonNode.Parse(stored)!.AsValue()));

    [Fact]
    public void ASendTimeInMemory_IsWrittenAsTheApiWritesTimes()
    {
        var at = MoneyCall.WholeMillisecond(new DateTimeOffset(2026, 12, 4, 15, 30, 21, TimeSpan.FromHours(5.5)).AddTicks(7_978_565));
        Assert.Equal((0L, TimeSpan.Zero), (at.Ticks % TimeSpan.TicksPerMillisecond, at.Offset));
        Assert.Equal("\"2026-12-04T10:00:21.797+00:00\"", JsonSerializer.Serialize(at));
        Assert.Equal("2026-12-04T10:00:21.797+00:00", MoneyCall.TimeText(JsonValue.Create(at)));
    }

    // An answer that only says something failed leaves a money call's outcome open; a refusal closes it (the audit of session
    // 37: a tranche, a repayment and a block release answered 5xx after the lender acted were sent again).
    [Theory]
    [InlineData(LenderResultKind.RetryableFailure, 500, "HTTP 500", true)]
    [InlineData(LenderResultKind.RetryableFailure, 502, "HTTP 502", true)]
    [InlineData(LenderResultKind.RetryableFailure, 503, "HTTP 503", true)]
    [InlineData(LenderResultKind.RetryableFailure, 504, "-24", true)] // a gateway's 504 whose body happens to hold a code
    [InlineData(LenderResultKind.RetryableFailure, 408, "HTTP 408", true)]
    [InlineData(LenderResultKind.RetryableFailure, 200, "FBX-E-003", true)] // FinBox's "Timed Out" under any status
    [InlineData(LenderResultKind.RetryableFailure, 500, "FBX-E-002", true)] // "Internal Issues"
    [InlineData(LenderResultKind.RetryableFailure, 400, "FBX-E-012", true)] // "Lender API Failure"
    [InlineData(LenderResultKind.RetryableFailure, 429, "HTTP 429", false)] // refused before handling
    [InlineData(LenderResultKind.RetryableFailure, 429, "FBX-E-004", false)]
    [InlineData(LenderResultKind.TerminalFailure, 500, "FBX-E-010", false)] // the lender's own refusal: the code decides
    [InlineData(LenderResultKind.TerminalFailure, 200, "-6", false)]
    [InlineData(LenderResultKind.Rejected, 200, "FBX-E-011", false)]
    [InlineData(LenderResultKind.Success, 200, "TDB-S-200", false)]
    public void AnAnswerThatOnlySaysSomethingFailed_LeavesTheOutcomeOpen(LenderResultKind kind, int status, string code, bool open) =>
        Assert.Equal(open, MoneyCall.LeavesOutcomeOpen(new LenderResult<object> { Kind = kind, HttpStatus = status, LenderCode = code }));
}
