using LoanJourney.Sandbox.Durability;
using LoanJourney.Sandbox.Infrastructure;
using Microsoft.Extensions.Options;

namespace LoanJourney.Sandbox.FinBoxV2;

/// <summary>FinBox v2 state (durable, see <see cref="SandboxState"/>); every read and write happens under <see cref="Gate"/>.</summary>
internal sealed class FinBoxV2Store : IResettable, IDurableState
{
    private readonly IOptions<SandboxOptions> options;

    public FinBoxV2Store(IOptions<SandboxOptions> options, SandboxState state)
    {
        this.options = options;
        Users = new("finboxv2.user", state);
        Operations = new("finboxv2.operation", state);

        // A user's latest operations are the very objects polled by reference id: one object again after a load.
        var byReference = Operations.Values.ToDictionary(op => op.ReferenceId, StringComparer.Ordinal);
        foreach (var user in Users.Values)
        {
            foreach (var (kind, latest) in user.Latest.ToList())
            {
                if (byReference.TryGetValue(latest.ReferenceId, out var op))
                {
                    user.Latest[kind] = op;
                }
            }
        }
    }

    public Lock Gate { get; } = new();

    public DurableMap<V2User> Users { get; }

    public DurableMap<PolledOperation> Operations { get; }

    /// <summary>
    /// Customers whose KYC action is held: their <c>ACTION_PENDING</c> lasts until released (the borrower finishing
    /// the session), however often it is polled. Not kept across a restart, as faults are not.
    /// </summary>
    public HashSet<string> HeldActions { get; } = new(StringComparer.Ordinal);

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
        var op = new PolledOperation(Guid.NewGuid().ToString(), kind, user.CustomerId, script.For(attempt), settings.ProcessingPolls, settings.KycActionPendingPolls);
        Operations[op.ReferenceId] = op;
        user.Latest[kind] = op;
        return op;
    }

    public void Reset()
    {
        lock (Gate)
        {
            Users.Clear();
            HeldActions.Clear();
            Operations.Clear();
        }
    }

    public void Flush(IDocumentWriter writer)
    {
        lock (Gate)
        {
            Users.Flush(writer);
            Operations.Flush(writer);
        }
    }
}
