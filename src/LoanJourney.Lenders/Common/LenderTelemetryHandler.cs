using System.Diagnostics;

namespace LoanJourney.Lenders.Common;

/// <summary>
/// Measures and traces each attempt of a lender call (see <see cref="LenderTelemetry"/>). Registered per lender inside the
/// resilience handler, so it sees every attempt, and outside the recorder, so its span is the parent of the HTTP span.
/// </summary>
internal sealed class LenderTelemetryHandler(string lender, LenderTelemetry telemetry, TimeProvider timeProvider) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var operation = request.Options.TryGetValue(LenderRequestOptions.Operation, out var op) ? op.Name : "unknown";
        using var span = LenderTelemetry.Source.HasListeners() ? LenderTelemetry.Source.StartActivity("lender.call", ActivityKind.Internal) : null;
        if (span is not null)
        {
            span.DisplayName = "lender " + operation;
            span.SetTag("loanjourney.lender", lender);
            span.SetTag("loanjourney.lender.operation", operation);
            span.SetTag("http.request.method", request.Method.Method);
        }

        var started = timeProvider.GetTimestamp();
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            var result = LenderTelemetry.Result(response.StatusCode);
            telemetry.Record(lender, operation, result, timeProvider.GetElapsedTime(started));
            if (span is not null)
            {
                span.SetTag("http.response.status_code", (int)response.StatusCode);
                span.SetTag("loanjourney.lender.result", result);
                if (result != "success")
                {
                    span.SetStatus(ActivityStatusCode.Error, result);
                }
            }

            return response;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            var result = ex is OperationCanceledException ? "timeout" : "connection_error";
            telemetry.Record(lender, operation, result, timeProvider.GetElapsedTime(started));
            span?.SetTag("loanjourney.lender.result", result);
            span?.SetStatus(ActivityStatusCode.Error, result);
            throw;
        }
    }
}
