namespace LoanJourney.Engine.Activities;

/// <summary>
/// Masks the message of a failed step before the engine keeps it anywhere: the journal's <c>StepFaulted</c> and
/// <c>StepDeferred</c> entries, the incident (stored, listed, shown, in a draft test run's report). The message may quote
/// what the step was handed (an exception's text from a parser or a driver: <c>The string '21-03-1987' was not
/// recognized…</c>, an activity's own <c>could not score PAN ABCDE1234F</c>). The engine knows no PII rules: it registers
/// <see cref="PassThroughFailureMessageMasker"/>, and a host with rules replaces it (the journey activities register one
/// that masks PAN, Aadhaar, mobile and email patterns).
/// </summary>
public interface IFailureMessageMasker
{
    /// <summary>The message as the engine keeps it.</summary>
    string Mask(string message);
}

/// <summary>The default <see cref="IFailureMessageMasker"/>: keeps messages as they are.</summary>
public sealed class PassThroughFailureMessageMasker : IFailureMessageMasker
{
    public static readonly PassThroughFailureMessageMasker Instance = new();

    private PassThroughFailureMessageMasker()
    {
    }

    /// <inheritdoc />
    public string Mask(string message) => message;
}
