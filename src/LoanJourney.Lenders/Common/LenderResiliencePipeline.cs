using System.ComponentModel.DataAnnotations;
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
        // A configuration reload that changes the lender's settings rebuilds its pipeline (a partner's Lenders:Partners:<partner>
        // follows a reload: docs/server.md, "Each partner's own partner API").
        context.EnableReloads<LenderOptions>(lender);
        var logger = context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger($"LoanJourney.Lenders.{lender}");
        builder.TimeProvider = context.ServiceProvider.GetRequiredService<TimeProvider>();

        if (settings.TotalTimeout > TimeSpan.Zero)
        {
            builder.AddTimeout(TotalTimeout(settings));
        }

        if (settings.MaxRetryAttempts > 0)
        {
            var retry = Retry(settings);
            retry.ShouldHandle = args => ValueTask.FromResult(
                    Operation(args.Context) is { SafeToRetry: true }
                    && LenderTransientFaults.IsTransient(args.Outcome, args.Context.Properties.GetValue(LenderResilienceKeys.LenderCode, null)));
            retry.OnRetry = args =>
            {
                var code = args.Context.Properties.GetValue(LenderResilienceKeys.LenderCode, null);
                LenderLog.Retrying(logger, lender, Operation(args.Context)?.Name ?? "unknown",
                    args.AttemptNumber + 1, (long)args.RetryDelay.TotalMilliseconds, LenderTransientFaults.Describe(args.Outcome, code));
                return default;
            };
            builder.AddRetry(retry);
        }

        var breaker = Breaker(settings);
        breaker.ShouldHandle = args => ValueTask.FromResult(LenderTransientFaults.IsBreakerFault(args.Outcome));
        breaker.OnOpened = args =>
        {
            LenderLog.CircuitOpened(logger, lender, (long)args.BreakDuration.TotalMilliseconds,
                LenderTransientFaults.Describe(args.Outcome, null));
            return default;
        };
        breaker.OnHalfOpened = _ =>
        {
            LenderLog.CircuitHalfOpened(logger, lender);
            return default;
        };
        breaker.OnClosed = _ =>
        {
            LenderLog.CircuitClosed(logger, lender);
            return default;
        };
        builder.AddCircuitBreaker(breaker);

        if (settings.Timeout > TimeSpan.Zero)
        {
            builder.AddTimeout(AttemptTimeout(settings));
        }
    }

    /// <summary>
    /// What Polly would refuse in <paramref name="settings"/> when the pipeline is built (at a lender's first call), checked
    /// with Polly's own rules (the data annotations on its strategy options) and named as configured:
    /// <c>Lenders:{lender}:{setting}: …</c>. Zero <c>Timeout</c>/<c>TotalTimeout</c> (no limit) and zero
    /// <c>MaxRetryAttempts</c> (no retry) leave their strategy out, as <see cref="Configure"/> does.
    /// </summary>
    public static IReadOnlyList<string> Problems(string section, LenderOptions settings)
    {
        var problems = new List<string>();
        void Check(object options, IReadOnlyDictionary<string, string> names)
        {
            var results = new List<ValidationResult>();
            Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
            foreach (var result in results)
            {
                foreach (var member in result.MemberNames.DefaultIfEmpty(""))
                {
                    var name = names.TryGetValue(member, out var ours) ? ours : member;
                    // Polly says "The field Delay must be …": the setting is named in front instead.
                    problems.Add($"{section}:{name} {result.ErrorMessage?.Replace($"The field {member} ", "", StringComparison.Ordinal)}");
                }
            }
        }

        if (settings.TotalTimeout > TimeSpan.Zero)
        {
            Check(TotalTimeout(settings), new Dictionary<string, string> { ["Timeout"] = nameof(LenderOptions.TotalTimeout) });
        }

        if (settings.Timeout > TimeSpan.Zero)
        {
            Check(AttemptTimeout(settings), new Dictionary<string, string> { ["Timeout"] = nameof(LenderOptions.Timeout) });
        }

        if (settings.MaxRetryAttempts < 0)
        {
            problems.Add($"{section}:{nameof(LenderOptions.MaxRetryAttempts)} must not be negative (0 = no retry), not {settings.MaxRetryAttempts}.");
        }
        else if (settings.MaxRetryAttempts > 0)
        {
            Check(Retry(settings), new Dictionary<string, string>
            {
                ["MaxRetryAttempts"] = nameof(LenderOptions.MaxRetryAttempts),
                ["Delay"] = nameof(LenderOptions.RetryBaseDelay),
                ["MaxDelay"] = nameof(LenderOptions.RetryMaxDelay),
            });
        }

        Check(Breaker(settings), new Dictionary<string, string>
        {
            ["FailureRatio"] = nameof(LenderOptions.BreakerFailureRatio),
            ["MinimumThroughput"] = nameof(LenderOptions.BreakerMinimumThroughput),
            ["SamplingDuration"] = nameof(LenderOptions.BreakerSamplingDuration),
            ["BreakDuration"] = nameof(LenderOptions.BreakerBreakDuration),
        });
        return problems;
    }

    private static TimeoutStrategyOptions TotalTimeout(LenderOptions settings) => new() { Timeout = settings.TotalTimeout };

    private static TimeoutStrategyOptions AttemptTimeout(LenderOptions settings) => new() { Timeout = settings.Timeout };

    private static RetryStrategyOptions<HttpResponseMessage> Retry(LenderOptions settings) => new()
    {
        MaxRetryAttempts = settings.MaxRetryAttempts,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        Delay = settings.RetryBaseDelay,
        MaxDelay = settings.RetryMaxDelay,
    };

    private static CircuitBreakerStrategyOptions<HttpResponseMessage> Breaker(LenderOptions settings) => new()
    {
        FailureRatio = settings.BreakerFailureRatio,
        MinimumThroughput = Math.Max(2, settings.BreakerMinimumThroughput),
        SamplingDuration = settings.BreakerSamplingDuration,
        BreakDuration = settings.BreakerBreakDuration,
    };

    /// <summary>The documented endpoint of the request in flight, as its Refit method put it on the request.</summary>
    private static LenderOperation? Operation(ResilienceContext context) =>
        context.GetRequestMessage()?.Options.TryGetValue(LenderRequestOptions.Operation, out var operation) == true ? operation : null;
}
