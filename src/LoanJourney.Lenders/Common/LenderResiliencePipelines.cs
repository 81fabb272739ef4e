using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace LoanJourney.Lenders.Common;

/// <summary>
/// One Polly pipeline per lender, built once from that lender's options so the circuit breaker's state is shared by every
/// HttpClient the factory hands out: total timeout → retry (safe calls only) → circuit breaker → per-attempt timeout.
/// </summary>
internal sealed class LenderResiliencePipelines(IOptionsMonitor<LenderOptions> options, TimeProvider timeProvider, ILoggerFactory loggerFactory)
{
    private readonly ConcurrentDictionary<string, ResiliencePipeline<HttpResponseMessage>> _pipelines = new(StringComparer.Ordinal);

    public ResiliencePipeline<HttpResponseMessage> For(string lender) => _pipelines.GetOrAdd(lender, Build);

    private ResiliencePipeline<HttpResponseMessage> Build(string lender)
    {
        var settings = options.Get(lender);
        var logger = loggerFactory.CreateLogger($"LoanJourney.Lenders.{lender}");
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { Name = lender, TimeProvider = timeProvider };

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
                    args.Context.Properties.GetValue(LenderResilienceKeys.SafeToRetry, false)
                    && LenderTransientFaults.IsTransient(args.Outcome, args.Context.Properties.GetValue(LenderResilienceKeys.LenderCode, null))),
                OnRetry = args =>
                {
                    var code = args.Context.Properties.GetValue(LenderResilienceKeys.LenderCode, null);
                    LenderLog.Retrying(logger, lender, args.Context.Properties.GetValue(LenderResilienceKeys.Operation, "unknown"),
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

        return builder.Build();
    }
}
