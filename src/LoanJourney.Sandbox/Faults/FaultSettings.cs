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
        LatencyMs = Math.Max(0, f.LatencyMs),
        ErrorRate = Math.Clamp(f.ErrorRate, 0, 1),
        ThrottleRate = Math.Clamp(f.ThrottleRate, 0, 1),
        DropRate = Math.Clamp(f.DropRate, 0, 1),
        LoseAnswerAfterCommit = Routes(f.LoseAnswerAfterCommit),
        DropBeforeCommit = Routes(f.DropBeforeCommit),
    };

    private static List<string> Routes(IList<string>? routes) =>
        [.. (routes ?? []).Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r.Trim().Trim('/'))];
}
