using System.Text.Json;
using Microsoft.Extensions.Logging;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Refit;

namespace LoanJourney.Lenders.Common;

/// <summary>
/// What every typed client does with one call sent through its Refit interface: read and classify the answer, and turn "no answer"
/// into a result instead of an exception. An open circuit says when the breaker lets a trial call through
/// (<see cref="LenderResult{T}.RetryAfter"/>), so the workflow can wait for it instead of spending an attempt. "No answer" says in its
/// <see cref="LenderResult{T}.Message"/> which API (<paramref name="setting"/>, default <c>Lenders:{lender}</c>) and what failed.
/// </summary>
internal sealed class LenderCaller(ILogger logger, string lender, ILenderClassifier classifier, string? setting = null)
{
    private readonly string _setting = setting ?? "Lenders:" + lender;

    /// <summary>Sends <paramref name="operation"/> with <paramref name="send"/> (a Refit method) and classifies what came back.</summary>
    public async Task<LenderResult<TResponse>> CallAsync<TResponse>(
        LenderOperation operation, Func<LenderOperation, CancellationToken, Task<HttpResponseMessage>> send, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await send(operation, cancellationToken);

            // The recorder (LenderCallRecordingHandler) has read and parsed this answer already; without it, read it here.
            var answer = LenderAnswer.Of(response);
            var text = answer?.Text ?? await response.Content.ReadAsStringAsync(cancellationToken);
            var root = answer is null ? LenderStatusCode.TryParse(text) : answer.Root;
            var status = (int)response.StatusCode;
            var outcome = classifier.Classify(operation.Name, status, root);
            var body = Deserialize<TResponse>(text, withoutData: outcome.Kind != LenderResultKind.Success);
            var kind = outcome.OurSetting is null ? outcome.Kind : LenderResultKind.TerminalFailure;
            var message = outcome.Message is null ? null : Pii.ScrubText(outcome.Message);
            if (kind == LenderResultKind.Success && body is null && typeof(TResponse) != typeof(JsonElement) && !string.IsNullOrWhiteSpace(text))
            {
                kind = LenderResultKind.TerminalFailure;
                message = "the answer does not match the documented shape";
            }

            LenderLog.Classified(logger, lender, operation.Name, kind, outcome.Code, status, message);
            return new LenderResult<TResponse>
            {
                Kind = kind,
                LenderCode = outcome.Code,
                Message = message,
                Hint = kind == outcome.Kind ? outcome.Hint : null,
                HttpStatus = status,
                Body = body,
                Operation = operation,
                MisconfiguredSetting = outcome.OurSetting is { } ours ? $"{_setting}:{ours}" : null,
            };
        }
        catch (Exception ex) when (NoAnswerReason(ex, cancellationToken) is { } reason)
        {
            return NoAnswer<TResponse>(operation, reason.Code, reason.OutcomeUnknown, reason.RetryAfter, Describe(reason.Code, ex));
        }
    }

    /// <summary>A result for a call refused before sending (e.g. a file over the documented limit).</summary>
    public LenderResult<TResponse> NotSent<TResponse>(LenderOperation operation, string code, string message)
    {
        LenderLog.Classified(logger, lender, operation.Name, LenderResultKind.TerminalFailure, code, null, message);
        return new LenderResult<TResponse> { Kind = LenderResultKind.TerminalFailure, LenderCode = code, Message = message, Operation = operation };
    }

    /// <summary>
    /// Why no answer came, or null for an exception that is not "no answer" (a bug, or the caller's own cancellation). Refit wraps what
    /// the handlers threw in an <see cref="ApiRequestException"/>.
    /// </summary>
    private static (string Code, bool OutcomeUnknown, TimeSpan? RetryAfter)? NoAnswerReason(Exception exception, CancellationToken cancellationToken) =>
        (exception is ApiRequestException { InnerException: { } inner } ? inner : exception) switch
        {
            TimeoutRejectedException => ("TIMEOUT", true, null),

            // Nothing was sent. Half-open admits one trial call and refuses the rest without a RetryAfter: they may try again soon.
            BrokenCircuitException broken => ("CIRCUIT_OPEN", false, broken.RetryAfter ?? HalfOpenRetry),

            // Nothing was sent either: no connection was made (the lender's name did not resolve, its port refused or could not
            // be reached, the TLS handshake or the proxy's tunnel failed), and the request's bytes go only over a connection.
            // A money call answered so may go again instead of asking the operator (session 36: a lender down or a node's own
            // sandbox stopping made an outcome-unknown incident of a call that never left).
            HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError
                or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError } => ("NOT_CONNECTED", false, null),
            HttpRequestException => ("NETWORK", true, null),
            OperationCanceledException when !cancellationToken.IsCancellationRequested => ("TIMEOUT", true, null),
            _ => null,
        };

    /// <summary>
    /// What failed, for the incident an operator reads (session 47: it said only <c>NOT_CONNECTED: the lender did not succeed</c>, naming
    /// neither the API, which of a team's and several partners' it was, nor the failure). The transport's own words name a host and port,
    /// never a borrower; scrubbed all the same.
    /// </summary>
    private string Describe(string code, Exception exception)
    {
        var inner = exception is ApiRequestException { InnerException: { } wrapped } ? wrapped : exception;
        var detail = Pii.ScrubText(inner.Message);
        return code switch
        {
            "NOT_CONNECTED" => $"no connection to {_setting}: " + (inner is HttpRequestException { HttpRequestError: var error } ? error switch
            {
                HttpRequestError.NameResolutionError => "its host name did not resolve",
                HttpRequestError.ConnectionError => "the connection was refused or its host could not be reached",
                HttpRequestError.SecureConnectionError => "the TLS handshake failed",
                _ => "the proxy's tunnel failed",
            } : "no connection was made") + $" ({detail}); nothing was sent",
            "NETWORK" => $"the connection to {_setting} broke after the request went out ({detail}); the request may have reached it",
            "TIMEOUT" => $"{_setting} did not answer within the attempt's time limit; the request may have reached it",
            "CIRCUIT_OPEN" => $"{_setting} failed repeatedly and its circuit breaker is open; nothing was sent",
            _ => detail,
        };
    }

    /// <summary>How long a call refused while the breaker's trial call is out waits before trying again.</summary>
    internal static readonly TimeSpan HalfOpenRetry = TimeSpan.FromSeconds(1);

    private LenderResult<TResponse> NoAnswer<TResponse>(LenderOperation operation, string code, bool outcomeUnknown, TimeSpan? retryAfter, string message)
    {
        LenderLog.NoAnswer(logger, lender, operation.Name, code, outcomeUnknown);
        return new LenderResult<TResponse>
        {
            Kind = LenderResultKind.RetryableFailure, LenderCode = code, Message = message, OutcomeUnknown = outcomeUnknown, RetryAfter = retryAfter,
            Operation = operation, Api = retryAfter is null ? null : _setting["Lenders:".Length..],
        };
    }

    /// <summary>
    /// The typed body, or default when it does not match. A refusal's envelope is kept even when its <c>data</c> has another shape than
    /// the success's (v1 errors carry <c>"data": {}</c> where Loan Offers answers an array): <c>data</c> is then dropped, so
    /// <c>status</c> and <c>error</c> still reach the caller. A success must match the documented shape in full.
    /// </summary>
    private static TResponse? Deserialize<TResponse>(string text, bool withoutData)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return default;
        }

        try
        {
            return JsonSerializer.Deserialize<TResponse>(text, LenderJson.Options);
        }
        catch (JsonException) when (withoutData)
        {
            return DeserializeWithoutData<TResponse>(text);
        }
        catch (JsonException)
        {
            return default;
        }
    }

    private static TResponse? DeserializeWithoutData<TResponse>(string text)
    {
        try
        {
            if (System.Text.Json.Nodes.JsonNode.Parse(text, documentOptions: LenderJson.DocumentOptions) is System.Text.Json.Nodes.JsonObject envelope
                && envelope.Remove("data"))
            {
                return envelope.Deserialize<TResponse>(LenderJson.Options);
            }
        }
        catch (JsonException)
        {
            // Not JSON at all: no typed body.
        }

        return default;
    }
}
