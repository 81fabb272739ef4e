using Microsoft.Extensions.Options;

namespace LoanJourney.Sandbox.Faults;

/// <summary>The faults in force now: starts from <c>Sandbox:Faults</c>, replaced at run time by <c>PUT /sandbox/faults</c>.</summary>
internal sealed class FaultSettings(IOptions<SandboxOptions> options) : Infrastructure.IResettable
{
    private FaultOptions _current = Copy(options.Value.Faults);

    public FaultOptions Current => Volatile.Read(ref _current);

    public void Set(FaultOptions faults) => Volatile.Write(ref _current, Copy(faults));

    public void Reset() => Set(options.Value.Faults);

    private static FaultOptions Copy(FaultOptions f) => new()
    {
        // Checked before they get here (FaultRules: PUT /sandbox/faults answers 400, Sandbox:Faults stops the start), not clamped.
        LatencyMs = f.LatencyMs,
        ErrorRate = f.ErrorRate,
        ThrottleRate = f.ThrottleRate,
        DropRate = f.DropRate,
        LoseAnswerAfterCommit = Routes(f.LoseAnswerAfterCommit),
        DropBeforeCommit = Routes(f.DropBeforeCommit),
    };

    private static List<string> Routes(IList<string>? routes) =>
        [.. (routes ?? []).Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r.Trim().Trim('/'))];
}
