using Microsoft.Extensions.Logging;

namespace LoanJourney.Lenders.Common;

/// <summary>
/// Every log line the lender clients write. Callers pass masked values only (a path as <see cref="LenderPath.ForLog"/>: query
/// names without values); event ids are stable (1000–1099).
/// </summary>
internal static partial class LenderLog
{
    /// <summary>
    /// One line per answered call: <c>… answered HTTP 200 GEO-S-001 in 12 ms</c>, or <c>… answered HTTP 200 in 12 ms</c> when the
    /// body carries no lender code (a sandbox health call, an HTML error page): the text then says nothing rather than
    /// <c>null</c>, while the structured event keeps <c>LenderCode</c> as a real null in both (queries on it keep working).
    /// </summary>
    public static void CallCompleted(ILogger logger, string lender, string operation, string method, string path,
        int httpStatus, string? lenderCode, long elapsedMs, int attempt)
    {
        if (lenderCode is null)
        {
            CallCompletedWithoutCode(logger, lender, operation, method, path, httpStatus, lenderCode, elapsedMs, attempt);
        }
        else
        {
            CallCompletedWithCode(logger, lender, operation, method, path, httpStatus, lenderCode, elapsedMs, attempt);
        }
    }

    [LoggerMessage(EventId = 1001, EventName = "LenderCallCompleted", Level = LogLevel.Information,
        Message = "{Lender} {Operation} {Method} {Path} answered HTTP {HttpStatus} {LenderCode} in {ElapsedMs} ms (attempt {Attempt})")]
    private static partial void CallCompletedWithCode(ILogger logger, string lender, string operation, string method, string path,
        int httpStatus, string lenderCode, long elapsedMs, int attempt);

    // The same event (id and name: one kind of line for dashboards), another text; lenderCode stays a property of the event.
#pragma warning disable LOGGEN002, LOGGEN027 // the same event id and name on purpose
    [LoggerMessage(EventId = 1001, EventName = "LenderCallCompleted", Level = LogLevel.Information,
        Message = "{Lender} {Operation} {Method} {Path} answered HTTP {HttpStatus} in {ElapsedMs} ms (attempt {Attempt})")]
    private static partial void CallCompletedWithoutCode(ILogger logger, string lender, string operation, string method, string path,
        int httpStatus, [TagName("LenderCode")] string? lenderCode, long elapsedMs, int attempt);
#pragma warning restore LOGGEN002, LOGGEN027

    [LoggerMessage(EventId = 1002, EventName = "LenderCallFailed", Level = LogLevel.Warning,
        Message = "{Lender} {Operation} {Method} {Path} failed after {ElapsedMs} ms (attempt {Attempt}): {Error}")]
    public static partial void CallFailed(ILogger logger, string lender, string operation, string method, string path,
        long elapsedMs, int attempt, string error);

    [LoggerMessage(EventId = 1003, EventName = "LenderRequestBody", Level = LogLevel.Debug,
        Message = "{Lender} {Operation} request body (masked): {Body}")]
    public static partial void RequestBody(ILogger logger, string lender, string operation, string? body);

    [LoggerMessage(EventId = 1004, EventName = "LenderResponseBody", Level = LogLevel.Debug,
        Message = "{Lender} {Operation} response body (masked): {Body}")]
    public static partial void ResponseBody(ILogger logger, string lender, string operation, string? body);

    [LoggerMessage(EventId = 1010, EventName = "LenderRetry", Level = LogLevel.Warning,
        Message = "{Lender} {Operation} retry {Retry} in {DelayMs} ms after {Reason}")]
    public static partial void Retrying(ILogger logger, string lender, string operation, int retry, long delayMs, string reason);

    [LoggerMessage(EventId = 1011, EventName = "LenderCircuitOpened", Level = LogLevel.Error,
        Message = "{Lender} circuit opened for {BreakMs} ms after {Reason}")]
    public static partial void CircuitOpened(ILogger logger, string lender, long breakMs, string reason);

    [LoggerMessage(EventId = 1012, EventName = "LenderCircuitHalfOpened", Level = LogLevel.Information,
        Message = "{Lender} circuit half-open: trying one call")]
    public static partial void CircuitHalfOpened(ILogger logger, string lender);

    [LoggerMessage(EventId = 1013, EventName = "LenderCircuitClosed", Level = LogLevel.Information,
        Message = "{Lender} circuit closed")]
    public static partial void CircuitClosed(ILogger logger, string lender);

    [LoggerMessage(EventId = 1020, EventName = "LenderFileTooLarge", Level = LogLevel.Warning,
        Message = "{Lender} {Operation} not sent: file {FileName} has {Size} bytes, the documented limit is {Limit}")]
    public static partial void FileTooLarge(ILogger logger, string lender, string operation, string fileName, long size, long limit);

    // Debug for a success and for "still processing" (the call line 1001 already says status and code: one Information line per
    // call that moved nothing, a poll's PROCESSING included), Information for anything else.
    // The text leaves out what is not there rather than read "(null)": without a lender code (an HTML error page, a body the
    // lender's tables do not know) it says "no lender code", as 1001 leaves the code out; a call never sent
    // (LenderCaller.NotSent: a file over the limit) says "not sent" instead of an HTTP status; a result without a message ends
    // at the parenthesis. One event (id, name, properties) in every case: LenderCode, HttpStatus and Message stay real nulls.
    public static void Classified(ILogger logger, string lender, string operation, LenderResultKind kind,
        string? lenderCode, int? httpStatus, string? message)
    {
        var level = kind is LenderResultKind.Success or LenderResultKind.Processing ? LogLevel.Debug : LogLevel.Information;
        switch (lenderCode is not null, httpStatus is not null, message is not null)
        {
            case (true, true, true):
                ClassifiedCodeHttpMessage(logger, level, lender, operation, kind, lenderCode!, httpStatus, message);
                break;
            case (true, true, false):
                ClassifiedCodeHttpNoMessage(logger, level, lender, operation, kind, lenderCode!, httpStatus, message);
                break;
            case (true, false, true):
                ClassifiedCodeNotSentMessage(logger, level, lender, operation, kind, lenderCode!, httpStatus, message);
                break;
            case (true, false, false):
                ClassifiedCodeNotSentNoMessage(logger, level, lender, operation, kind, lenderCode!, httpStatus, message);
                break;
            case (false, true, true):
                ClassifiedNoCodeHttpMessage(logger, level, lender, operation, kind, lenderCode, httpStatus, message);
                break;
            case (false, true, false):
                ClassifiedNoCodeHttpNoMessage(logger, level, lender, operation, kind, lenderCode, httpStatus, message);
                break;
            case (false, false, true):
                ClassifiedNoCodeNotSentMessage(logger, level, lender, operation, kind, lenderCode, httpStatus, message);
                break;
            case (false, false, false):
                ClassifiedNoCodeNotSentNoMessage(logger, level, lender, operation, kind, lenderCode, httpStatus, message);
                break;
        }
    }

#pragma warning disable LOGGEN002, LOGGEN027 // the same event id and name on purpose: one kind of line, eight texts
    [LoggerMessage(EventId = 1030, EventName = "LenderResult", Message = "{Lender} {Operation} classified {Kind} (code {LenderCode}, HTTP {HttpStatus}): {Message}")]
    private static partial void ClassifiedCodeHttpMessage(ILogger logger, LogLevel level, string lender, string operation, LenderResultKind kind,
        string lenderCode, int? httpStatus, string? message);

    [LoggerMessage(EventId = 1030, EventName = "LenderResult", Message = "{Lender} {Operation} classified {Kind} (code {LenderCode}, HTTP {HttpStatus})")]
    private static partial void ClassifiedCodeHttpNoMessage(ILogger logger, LogLevel level, string lender, string operation, LenderResultKind kind,
        string lenderCode, int? httpStatus, [TagName("Message")] string? message);

    [LoggerMessage(EventId = 1030, EventName = "LenderResult", Message = "{Lender} {Operation} classified {Kind} (code {LenderCode}, not sent): {Message}")]
    private static partial void ClassifiedCodeNotSentMessage(ILogger logger, LogLevel level, string lender, string operation, LenderResultKind kind,
        string lenderCode, [TagName("HttpStatus")] int? httpStatus, string? message);

    [LoggerMessage(EventId = 1030, EventName = "LenderResult", Message = "{Lender} {Operation} classified {Kind} (code {LenderCode}, not sent)")]
    private static partial void ClassifiedCodeNotSentNoMessage(ILogger logger, LogLevel level, string lender, string operation, LenderResultKind kind,
        string lenderCode, [TagName("HttpStatus")] int? httpStatus, [TagName("Message")] string? message);

    [LoggerMessage(EventId = 1030, EventName = "LenderResult", Message = "{Lender} {Operation} classified {Kind} (no lender code, HTTP {HttpStatus}): {Message}")]
    private static partial void ClassifiedNoCodeHttpMessage(ILogger logger, LogLevel level, string lender, string operation, LenderResultKind kind,
        [TagName("LenderCode")] string? lenderCode, int? httpStatus, string? message);

    [LoggerMessage(EventId = 1030, EventName = "LenderResult", Message = "{Lender} {Operation} classified {Kind} (no lender code, HTTP {HttpStatus})")]
    private static partial void ClassifiedNoCodeHttpNoMessage(ILogger logger, LogLevel level, string lender, string operation, LenderResultKind kind,
        [TagName("LenderCode")] string? lenderCode, int? httpStatus, [TagName("Message")] string? message);

    [LoggerMessage(EventId = 1030, EventName = "LenderResult", Message = "{Lender} {Operation} classified {Kind} (no lender code, not sent): {Message}")]
    private static partial void ClassifiedNoCodeNotSentMessage(ILogger logger, LogLevel level, string lender, string operation, LenderResultKind kind,
        [TagName("LenderCode")] string? lenderCode, [TagName("HttpStatus")] int? httpStatus, string? message);

    [LoggerMessage(EventId = 1030, EventName = "LenderResult", Message = "{Lender} {Operation} classified {Kind} (no lender code, not sent)")]
    private static partial void ClassifiedNoCodeNotSentNoMessage(ILogger logger, LogLevel level, string lender, string operation, LenderResultKind kind,
        [TagName("LenderCode")] string? lenderCode, [TagName("HttpStatus")] int? httpStatus, [TagName("Message")] string? message);
#pragma warning restore LOGGEN002, LOGGEN027

    [LoggerMessage(EventId = 1031, EventName = "LenderNoAnswer", Level = LogLevel.Warning,
        Message = "{Lender} {Operation} got no answer: {LenderCode} (outcome unknown: {OutcomeUnknown})")]
    public static partial void NoAnswer(ILogger logger, string lender, string operation, string lenderCode, bool outcomeUnknown);
}
