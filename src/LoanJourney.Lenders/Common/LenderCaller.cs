using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace LoanJourney.Lenders.Common;

/// <summary>
/// What every typed client does with one call: build the request, mark it safe to retry or not, send it through the
/// registered handlers, read and classify the answer, and turn "no answer" into a result instead of an exception.
/// </summary>
internal sealed class LenderCaller(HttpClient http, ILogger logger, string lender, ILenderClassifier classifier)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public Task<LenderResult<TResponse>> GetAsync<TResponse>(
        LenderOperation operation, CancellationToken cancellationToken, params ReadOnlySpan<(string Name, string? Value)> query) =>
        SendAsync<TResponse>(new HttpRequestMessage(HttpMethod.Get, LenderQuery.Build(operation.Path, query)), operation, cancellationToken);

    public Task<LenderResult<TResponse>> PostJsonAsync<TRequest, TResponse>(
        LenderOperation operation, TRequest body, CancellationToken cancellationToken, string? path = null)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, LenderJson.Options));
        content.Headers.ContentType = Json;
        return SendAsync<TResponse>(new HttpRequestMessage(HttpMethod.Post, path ?? operation.Path) { Content = content }, operation, cancellationToken);
    }

    public Task<LenderResult<TResponse>> PostMultipartAsync<TResponse>(
        LenderOperation operation, MultipartFormDataContent content, CancellationToken cancellationToken) =>
        SendAsync<TResponse>(new HttpRequestMessage(HttpMethod.Post, operation.Path) { Content = content }, operation, cancellationToken);

    /// <summary>A result for a call refused before sending (e.g. a file over the documented limit).</summary>
    public LenderResult<TResponse> NotSent<TResponse>(LenderOperation operation, string code, string message)
    {
        LenderLog.Classified(logger, lender, operation.Name, LenderResultKind.TerminalFailure, code, null, message);
        return new LenderResult<TResponse> { Kind = LenderResultKind.TerminalFailure, LenderCode = code, Message = message };
    }

    private async Task<LenderResult<TResponse>> SendAsync<TResponse>(
        HttpRequestMessage request, LenderOperation operation, CancellationToken cancellationToken)
    {
        using (request)
        {
            request.Options.Set(LenderRequestOptions.Operation, operation.Name);
            request.Options.Set(LenderRequestOptions.SafeToRetry, operation.SafeToRetry);
            try
            {
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                var root = LenderStatusCode.TryParse(text);
                var status = (int)response.StatusCode;
                var outcome = classifier.Classify(operation.Name, status, root);
                var body = Deserialize<TResponse>(text, withoutData: outcome.Kind != LenderResultKind.Success);
                var kind = outcome.Kind;
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
                    HttpStatus = status,
                    Body = body,
                };
            }
            catch (TimeoutRejectedException)
            {
                return NoAnswer<TResponse>(operation, "TIMEOUT", outcomeUnknown: true);
            }
            catch (BrokenCircuitException)
            {
                return NoAnswer<TResponse>(operation, "CIRCUIT_OPEN", outcomeUnknown: false);
            }
            catch (HttpRequestException)
            {
                return NoAnswer<TResponse>(operation, "NETWORK", outcomeUnknown: true);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return NoAnswer<TResponse>(operation, "TIMEOUT", outcomeUnknown: true);
            }
        }
    }

    private LenderResult<TResponse> NoAnswer<TResponse>(LenderOperation operation, string code, bool outcomeUnknown)
    {
        LenderLog.NoAnswer(logger, lender, operation.Name, code, outcomeUnknown);
        return new LenderResult<TResponse> { Kind = LenderResultKind.RetryableFailure, LenderCode = code, OutcomeUnknown = outcomeUnknown };
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
