namespace LoanJourney.Engine.Activities;

/// <summary>A resume point an activity asks for when it suspends.</summary>
/// <param name="Kind">Webhook, timer or signal.</param>
/// <param name="Name">The activity's own label for this bookmark (e.g. <c>poll</c>, <c>timeout</c>), given back in the <see cref="Stimulus"/>.</param>
/// <param name="Key">Webhook correlation key or signal name; null for timers.</param>
/// <param name="DueAt">Due time of a timer.</param>
/// <param name="Sensitive">A sensitive signal's payload is never persisted or logged (OTPs).</param>
public sealed record BookmarkRequest(BookmarkKind Kind, string Name, string? Key, DateTimeOffset? DueAt, bool Sensitive = false)
{
    /// <summary>Waits for a webhook event with correlation <paramref name="key"/>, e.g. <c>finbox:CUST1:LOAN_DISBURSED</c>.</summary>
    public static BookmarkRequest Webhook(string key, string? name = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        return new(BookmarkKind.Webhook, name ?? "webhook", key, null);
    }

    /// <summary>Fires at <paramref name="dueAt"/> (engine clock).</summary>
    public static BookmarkRequest Timer(DateTimeOffset dueAt, string name = "timer") => new(BookmarkKind.Timer, name, null, dueAt);

    /// <summary>Waits for signal <paramref name="signalName"/>; mark OTP-like signals <paramref name="sensitive"/>.</summary>
    public static BookmarkRequest Signal(string signalName, bool sensitive = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(signalName);
        return new(BookmarkKind.Signal, signalName, signalName, null, sensitive);
    }
}
