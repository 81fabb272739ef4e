namespace LoanJourney.Engine.Runtime;

/// <summary>
/// The token an attempt's activity runs with (<see cref="WorkflowRunner"/>): cancelled when the run's token is (the node stops past its
/// grace period), when the step's timeout passes, or when the lease is lost (<see cref="LoseLeaseAsync"/>), and which of them ended it
/// told apart as the runner's catch clauses read it.
/// </summary>
/// <remarks>
/// Until round 54 (docs/PERFORMANCE.md) every step made three sources: a timeout source (a plain, never-cancelled one for a step with no
/// timeout), a lease source, and a source linked from them and the run's token, each link a registration. Now one source is linked from
/// the run's token alone, or from it and the timeout's source when the step has a timeout; a lost lease sets <see cref="LeaseLost"/>
/// and then cancels that source. The causes read the same in every order of events: <see cref="LeaseLost"/> is true from the moment
/// the lease source's <c>IsCancellationRequested</c> was (both are set before anything is cancelled), <see cref="TimedOut"/> is the
/// timeout source's own state (false for a step with no timeout, as a source nothing cancels was), and the token is cancelled by
/// each of the three as the linked one was (the lease's cancel reaches it directly instead of through the lease source's
/// registration).
/// </remarks>
internal sealed class StepCancellation : IDisposable
{
    private readonly CancellationTokenSource? _timeout;
    private readonly CancellationTokenSource _attempt;
    private volatile bool _leaseLost;

    /// <summary>The sources for one attempt; <paramref name="timeout"/> runs on <paramref name="time"/>, as the step's timeout always did.</summary>
    public StepCancellation(TimeSpan? timeout, TimeProvider time, CancellationToken run)
    {
        if (timeout is { } t)
        {
            _timeout = new CancellationTokenSource(t, time);
            _attempt = CancellationTokenSource.CreateLinkedTokenSource(run, _timeout.Token);
        }
        else
        {
            _attempt = CancellationTokenSource.CreateLinkedTokenSource(run);
        }
    }

    /// <summary>The activity's token.</summary>
    public CancellationToken Token => _attempt.Token;

    /// <summary>The lease was lost during the attempt (<see cref="LoseLeaseAsync"/> was called).</summary>
    public bool LeaseLost => _leaseLost;

    /// <summary>The step's timeout passed (never for a step without one).</summary>
    public bool TimedOut => _timeout?.IsCancellationRequested == true;

    /// <summary>The lease renewal found the lease gone: marks it lost, then cancels the activity's token.</summary>
    public Task LoseLeaseAsync()
    {
        _leaseLost = true;
        return _attempt.CancelAsync();
    }

    public void Dispose()
    {
        _attempt.Dispose();
        _timeout?.Dispose();
    }
}
