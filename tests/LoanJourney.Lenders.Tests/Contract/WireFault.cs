namespace LoanJourney.Lenders.Tests.Contract;

/// <summary>
/// Asks the sandbox to fault the next <c>attempts</c> requests sent in this async flow (the sandbox's <c>X-Sandbox-Fault</c> header),
/// optionally after the call took effect (<c>X-Sandbox-Fault-After</c>: the answer is lost). Ambient, so parallel tests do not
/// disturb one another; <see cref="WireFaultHandler"/> applies it per attempt, below the clients' resilience pipeline.
/// </summary>
public sealed class WireFault : IDisposable
{
    private static readonly AsyncLocal<WireFault?> CurrentScope = new();
    private readonly WireFault? _parent;
    private int _remaining;

    private WireFault(string fault, int attempts, bool afterEffect)
    {
        Fault = fault;
        AfterEffect = afterEffect;
        _remaining = attempts;
        _parent = CurrentScope.Value;
    }

    public string Fault { get; }

    public bool AfterEffect { get; }

    public static WireFault? Current => CurrentScope.Value;

    /// <summary>Faults the next <paramref name="attempts"/> attempts with <paramref name="fault"/> ("503", "429", "drop").</summary>
    public static WireFault Inject(string fault, int attempts = 1, bool afterEffect = false)
    {
        var scope = new WireFault(fault, attempts, afterEffect);
        CurrentScope.Value = scope;
        return scope;
    }

    /// <summary>True while this scope still has attempts to fault; each call uses one.</summary>
    public bool TryTake() => Interlocked.Decrement(ref _remaining) >= 0;

    public void Dispose() => CurrentScope.Value = _parent;
}
