using LoanJourney.Engine.Runtime;

namespace LoanJourney.Server.Privacy;

/// <summary>The retention configuration as the server applies it (options resolved against the environment).</summary>
internal sealed record RetentionSettings(bool Enabled, RetentionPolicy Policy, TimeSpan Interval, TimeSpan ErasureCancelTimeout)
{
    public static RetentionSettings From(IConfiguration configuration, IHostEnvironment environment)
    {
        var options = new RetentionOptions();
        configuration.GetSection("Retention").Bind(options);
        if (options.BatchSize is < 1 or > 1000)
        {
            throw new InvalidOperationException("Retention:BatchSize must be between 1 and 1000.");
        }

        if (options.MaxStoreShare is not (> 0 and <= 1))
        {
            throw new InvalidOperationException("Retention:MaxStoreShare must be greater than 0 and at most 1 (a share of the store's time).");
        }

        if (options.Interval <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("Retention:Interval must be positive.");
        }

        // Zero or less made every erasure with cancelFirst cancel the journeys and then answer 409 "still being cancelled" (session 36).
        if (options.ErasureCancelTimeout <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("Retention:ErasureCancelTimeout must be positive (how long an erasure with cancelFirst waits for the cancels).");
        }

        foreach (var (name, value) in new[] { ("Completed", options.Completed), ("Cancelled", options.Cancelled), ("Faulted", options.Faulted), ("Inbox", options.Inbox), ("IdempotencyTombstones", options.IdempotencyTombstones) })
        {
            if (value is { } v && v < TimeSpan.Zero)
            {
                throw new InvalidOperationException($"Retention:{name} must not be negative (empty keeps the data forever).");
            }
        }

        return new RetentionSettings(
            options.Enabled ?? !environment.IsDevelopment(),
            new RetentionPolicy { Completed = options.Completed, Cancelled = options.Cancelled, Faulted = options.Faulted, Inbox = options.Inbox, IdempotencyTombstones = options.IdempotencyTombstones, BatchSize = options.BatchSize, MaxStoreShare = options.MaxStoreShare },
            options.Interval,
            options.ErasureCancelTimeout);
    }
}
