using System.Globalization;
using LoanJourney.Engine.Runtime;

namespace LoanJourney.Server.Privacy;

/// <summary>The retention configuration as the server applies it (options resolved against the environment).</summary>
internal sealed record RetentionSettings(bool Enabled, RetentionPolicy Policy, TimeSpan Interval, TimeSpan ErasureCancelTimeout)
{
    /// <summary>
    /// The shortest <c>Retention:AuditTrail</c> accepted: five years, leap days included (1,827 days). The RBI's KYC directions
    /// and the PMLA keep a loan's records for at least five years after the relationship ends, and the trail is counted from
    /// each action, which is earlier still; a shorter value is a mistake (days for years), never a policy
    /// (docs/server.md, "How long the trail is kept").
    /// </summary>
    public static readonly TimeSpan MinAuditTrail = TimeSpan.FromDays(1827);

    private const string AuditTrailKey = "Retention:AuditTrail";

    public static RetentionSettings From(IConfiguration configuration, IHostEnvironment environment)
    {
        var auditTrail = AuditTrailFrom(configuration[AuditTrailKey]);
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
            new RetentionPolicy { AuditTrail = auditTrail, Completed = options.Completed, Cancelled = options.Cancelled, Faulted = options.Faulted, Inbox = options.Inbox, IdempotencyTombstones = options.IdempotencyTombstones, BatchSize = options.BatchSize, MaxStoreShare = options.MaxStoreShare, MaskReasons = BorrowerValues.ForJourney },
            options.Interval,
            options.ErasureCancelTimeout);
    }

    // Read before the section is bound, so that an unparseable value ("8y") is refused in this setting's words rather than
    // the binder's; empty or absent keeps the trail for ever.
    private static TimeSpan? AuditTrailFrom(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var rule = $"a duration d.hh:mm:ss of at least {MinAuditTrail.ToString("c", CultureInfo.InvariantCulture)} (five years: the RBI's and the PMLA's record keeping), or empty to keep the trail for ever";
        if (!TimeSpan.TryParse(raw.Trim(), CultureInfo.InvariantCulture, out var value))
        {
            throw new InvalidOperationException($"{AuditTrailKey} must be {rule}; '{raw}' is not a duration.");
        }

        return value >= MinAuditTrail
            ? value
            : throw new InvalidOperationException($"{AuditTrailKey} must be {rule}, not {value.ToString("c", CultureInfo.InvariantCulture)}.");
    }
}
