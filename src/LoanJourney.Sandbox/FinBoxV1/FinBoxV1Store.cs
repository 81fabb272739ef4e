using LoanJourney.Sandbox.Infrastructure;

namespace LoanJourney.Sandbox.FinBoxV1;

/// <summary>In-memory FinBox v1 state; every read and write happens under <see cref="Gate"/>.</summary>
internal sealed class FinBoxV1Store : IResettable
{
    private int _generation;

    public Lock Gate { get; } = new();

    public Dictionary<string, V1User> Users { get; } = new(StringComparer.Ordinal);

    /// <summary>Bumped by reset so journeys driven before it stop.</summary>
    public int Generation => Volatile.Read(ref _generation);

    public V1User? ByLoan(string loanApplicationId) =>
        Users.Values.FirstOrDefault(u => u.LoanApplicationId.Length > 0 && u.LoanApplicationId == loanApplicationId);

    public void Reset()
    {
        lock (Gate)
        {
            Interlocked.Increment(ref _generation);
            Users.Clear();
        }
    }
}
