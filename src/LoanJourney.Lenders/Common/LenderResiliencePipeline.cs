using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace LoanJourney.Lenders.Common;

/// <summary>
/// One lender's pipeline, given to <c>AddResilienceHandler</c> where the client is registered: total timeout → retry (operations marked
/// <see cref="LenderOperation.SafeToRetry"/> only) → circuit breaker → per-attempt timeout. The breaker's state lives in the pipeline
/// the handler keeps per lender, so every HttpClient the factory hands out shares it.
/// </summary>
internal static class LenderResiliencePipeline
{
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, ResilienceHandlerContext context, string lender)
    {
        var settings = context.GetOptions<LenderOptions>(lender);
        var logger = context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger($"LoanJourney.Lenders.{lender}");
        builder.TimeProvider = context.ServiceProvider.GetRequiredService<TimeProvider>();

        if (settings.TotalTimeout > TimeSpan.Zero)
        {
            builder.AddTimeout(settings.TotalTimeout);
        }

        if (settings.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = settings.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.RetryBaseDelay,
                MaxDelay = settings.RetryMaxDelay,
                ShouldHandle = args => ValueTask.FromResult(
                    Operation(args.Context) is { SafeToRetry: true }
                    && LenderTransientFaults.IsTransient(args.Outcome, args.Context.Properties.GetValue(LenderResilienceKeys.LenderCode, null))),
                OnRetry = args =>
                {
                    var code = args.Context.Properties.GetValue(LenderResilienceKeys.LenderCode, null);
                    LenderLog.Retrying(logger, lender, Operation(args.Context)?.Name ?? "unknown",
                        args.AttemptNumber + 1, (long)args.RetryDelay.TotalMilliseconds, LenderTransientFaults.Describe(args.Outcome, code));
                    return default;
                },
            });
        }

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
        {
            FailureRatio = settings.BreakerFailureRatio,
            MinimumThroughput = Math.Max(2, settings.BreakerMinimumThroughput),
            SamplingDuration = settings.BreakerSamplingDuration,
            BreakDuration = settings.BreakerBreakDuration,
            ShouldHandle = args => ValueTask.FromResult(LenderTransientFaults.IsBreakerFault(args.Outcome)),
            OnOpened = args =>
            {
                LenderLog.CircuitOpened(logger, lender, (long)args.BreakDuration.TotalMilliseconds,
                    LenderTransientFaults.Describe(args.Outcome, null));
                return default;
            },
            OnHalfOpened = _ =>
            {
                LenderLog.CircuitHalfOpened(logger, lender);
                return default;
            },
            OnClosed = _ =>
            {
                LenderLog.CircuitClosed(logger, lender);
                return default;
            },
        });

        if (settings.Timeout > TimeSpan.Zero)
        {
            builder.AddTimeout(new TimeoutStrategyOptions { Timeout = settings.Timeout });
        }
    }

    /// <summary>The documented endpoint of the request in flight, as its Refit method put it on the request.</summary>
    private static LenderOperation? Operation(ResilienceContext context) =>
        context.GetRequestMessage()?.Options.TryGetValue(LenderRequestOptions.Operation, out var operation) == true ? operation : null;
}
