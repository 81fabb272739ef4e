using Polly;

namespace LoanJourney.Lenders.Common;

/// <summary>
/// Runs each request through its lender's Polly pipeline. Whether a request may be retried is the client's decision, carried by
/// <see cref="LenderRequestOptions.SafeToRetry"/>; the retry predicate honours it. The same request message is re-sent: clients
/// build buffered content (bytes), so every attempt sends the same body.
/// </summary>
internal sealed class LenderResilienceHandler(string lender, LenderResiliencePipelines pipelines) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var pipeline = pipelines.For(lender);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            context.Properties.Set(LenderResilienceKeys.SafeToRetry,
                request.Options.TryGetValue(LenderRequestOptions.SafeToRetry, out var safe) && safe);
            context.Properties.Set(LenderResilienceKeys.Operation,
                request.Options.TryGetValue(LenderRequestOptions.Operation, out var operation) ? operation : "unknown");
            var attempt = 0;
            var outcome = await pipeline.ExecuteOutcomeAsync(
                async (ctx, state) =>
                {
                    attempt++;
                    state.Request.Options.Set(LenderRequestOptions.Attempt, attempt);
                    ctx.Properties.Set(LenderResilienceKeys.LenderCode, null);
                    try
                    {
                        var response = await state.Handler.SendCoreAsync(state.Request, ctx.CancellationToken);
                        if (response.Content is not null)
                        {
                            await response.Content.LoadIntoBufferAsync(ctx.CancellationToken);
                            var text = await response.Content.ReadAsStringAsync(ctx.CancellationToken);
                            ctx.Properties.Set(LenderResilienceKeys.LenderCode, LenderStatusCode.Read(LenderStatusCode.TryParse(text)));
                        }

                        return Outcome.FromResult(response);
                    }
                    catch (Exception ex)
                    {
                        return Outcome.FromException<HttpResponseMessage>(ex);
                    }
                },
                context,
                (Request: request, Handler: this));
            outcome.ThrowIfException();
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private Task<HttpResponseMessage> SendCoreAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);
}
