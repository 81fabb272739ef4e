using Microsoft.Extensions.Logging;

namespace LoanJourney.Lenders.Common;

/// <summary>
/// The innermost handler: for each attempt, writes the masked log lines (bodies at Debug, in the log's form:
/// <see cref="JsonBodyMasker.MaskForLog"/>) and publishes a <see cref="LenderCallRecord"/> to the
/// ambient <see cref="LenderCallCapture"/>. It sees every attempt because it sits inside the resilience handler, and tells the
/// pipeline the lender's status code (FinBox's "try again" codes arrive with HTTP 200) through the attempts' shared context.
/// </summary>
internal sealed class LenderCallRecordingHandler(string lender, ILogger logger, TimeProvider timeProvider) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var operation = request.Options.TryGetValue(LenderRequestOptions.Operation, out var op) ? op.Name : "unknown";
        var context = request.GetResilienceContext();
        var attempt = (context?.Properties.GetValue(LenderResilienceKeys.Attempt, 0) ?? 0) + 1;
        context?.Properties.Set(LenderResilienceKeys.Attempt, attempt);
        context?.Properties.Set(LenderResilienceKeys.LenderCode, null);
        var method = request.Method.Method;
        var path = LenderPath.Describe(request.RequestUri);
        var logPath = LenderPath.ForLog(request.RequestUri);
        var requestBody = await LenderBodyDescriber.DescribeAsync(request.Content, cancellationToken);
        LogBody(LenderLog.RequestBody, operation, requestBody);

        var startedAt = timeProvider.GetUtcNow();
        var started = timeProvider.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken);
            await response.Content.LoadIntoBufferAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            var failedAfter = timeProvider.GetElapsedTime(started);
            var error = ex is OperationCanceledException ? "no answer before the attempt was cancelled (timeout)" : Pii.ScrubText(ex.Message);
            LenderLog.CallFailed(logger, lender, operation, method, logPath, (long)failedAfter.TotalMilliseconds, attempt, error);
            LenderCallCapture.Publish(new LenderCallRecord(lender, operation, method, path, null, null, failedAfter,
                requestBody, null, attempt, startedAt, error));
            throw;
        }

        var elapsed = timeProvider.GetElapsedTime(started);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var root = LenderStatusCode.TryParse(text);
        var code = LenderStatusCode.Read(root);
        context?.Properties.Set(LenderResilienceKeys.LenderCode, code);

        // The caller classifies from this text and root: the answer is decoded and parsed once per attempt, not twice.
        LenderAnswer.Keep(request, new LenderAnswer(response, text, root));
        var responseBody = JsonBodyMasker.Mask(text);
        LenderLog.CallCompleted(logger, lender, operation, method, logPath, (int)response.StatusCode, code,
            (long)elapsed.TotalMilliseconds, attempt);
        LogBody(LenderLog.ResponseBody, operation, responseBody);
        LenderCallCapture.Publish(new LenderCallRecord(lender, operation, method, path, (int)response.StatusCode, code, elapsed,
            requestBody, responseBody, attempt, startedAt, null));
        return response;
    }

    // The journal's form with the borrower's ids at the lender masked too (JsonBodyMasker.MaskForLog): the journal goes with the
    // journey at erasure, a log file does not. Masked only when the Debug line is written.
    private void LogBody(Action<ILogger, string, string, string?> write, string operation, string? journalBody)
    {
        if (logger.IsEnabled(LogLevel.Debug))
        {
            write(logger, lender, operation, journalBody is null ? null : JsonBodyMasker.MaskForLog(journalBody));
        }
    }
}
