using LoanJourney.Sandbox.Infrastructure;
using Microsoft.Extensions.Options;

namespace LoanJourney.Sandbox.FinBoxV2;

/// <summary>In-memory FinBox v2 state; every read and write happens under <see cref="Gate"/>.</summary>
internal sealed class FinBoxV2Store(IOptions<SandboxOptions> options) : IResettable
{
    public Lock Gate { get; } = new();

    public Dictionary<string, V2User> Users { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, PolledOperation> Operations { get; } = new(StringComparer.Ordinal);

    /// <summary>Starts the next attempt of an operation, scripted by the user's scenario. Call under <see cref="Gate"/>.</summary>
    public PolledOperation Start(V2User user, OperationKind kind)
    {
        var attempt = user.Attempts.GetValueOrDefault(kind);
        user.Attempts[kind] = attempt + 1;
        var script = kind switch
        {
            OperationKind.Bre => user.Scenario.Bre,
            OperationKind.Banking => user.Scenario.Banking,
            OperationKind.Kyc => user.Scenario.Kyc,
            OperationKind.Agreement => user.Scenario.Agreement,
            _ => user.Scenario.Disbursal,
        };
        var settings = options.Value;
        var op = new PolledOperation(Guid.NewGuid().ToString(), kind, user.CustomerId, script.For(attempt), Math.Max(0, settings.ProcessingPolls), Math.Max(0, settings.KycActionPendingPolls));
        Operations[op.ReferenceId] = op;
        user.Latest[kind] = op;
        return op;
    }

    public void Reset()
    {
        lock (Gate)
        {
            Users.Clear();
            Operations.Clear();
        }
    }
}
