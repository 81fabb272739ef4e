using LoanJourney.Sandbox.Durability;
using LoanJourney.Sandbox.Infrastructure;

namespace LoanJourney.Sandbox.FinBoxV1;

/// <summary>FinBox v1 state (durable, see <see cref="SandboxState"/>); every read and write happens under <see cref="Gate"/>.</summary>
internal sealed class FinBoxV1Store : IResettable, IDurableState
{
    private int _generation;

    public FinBoxV1Store(SandboxState state)
    {
        Users = new("finboxv1.user", state);
        TestRunBorrowers = new("finboxv1.testrun", state);
        Transactions = new(Users);

        // The index by txnID holds the very objects of the users' credit lines (each user's document carries its own).
        foreach (var txn in Users.Values.SelectMany(u => u.CreditLine?.Transactions ?? []))
        {
            Transactions[txn.TxnId] = txn;
        }
    }

    public Lock Gate { get; } = new();

    public DurableMap<V1User> Users { get; }

    /// <summary>The borrowers a draft test run's fixture request created, by customer id (docs/sandbox.md, "Fixtures").</summary>
    public DurableMap<V1TestRunBorrower> TestRunBorrowers { get; }

    /// <summary>Every live credit line transaction by <c>txnID</c> (split and merged ones are removed), across users.</summary>
    public V1TransactionIndex Transactions { get; }

    /// <summary>Bumped by reset so journeys driven before it stop.</summary>
    public int Generation => Volatile.Read(ref _generation);

    public V1User? ByLoan(string loanApplicationId) =>
        Users.Values.FirstOrDefault(u => u.LoanApplicationId.Length > 0 && u.LoanApplicationId == loanApplicationId);

    /// <summary>Adds a PROCESSING transaction to the user's credit line at <paramref name="position"/> (the end by default).</summary>
    public V1CreditLineTxn AddTransaction(V1User user, string partnerTxnId, string invoiceNo, decimal amount, string createdAt, int? position = null)
    {
        var line = user.CreditLine ?? throw new InvalidOperationException("the user has no credit line");
        var txn = new V1CreditLineTxn(user.CustomerId, partnerTxnId, invoiceNo, amount, createdAt, line.Terms);
        line.Transactions.Insert(position ?? line.Transactions.Count, txn);
        Transactions[txn.TxnId] = txn;
        return txn;
    }

    /// <summary>Removes a split or merged transaction; the index it held in its credit line's list.</summary>
    public int RemoveTransaction(V1CreditLineTxn txn)
    {
        var line = Users[txn.CustomerId].CreditLine!;
        var index = line.Transactions.IndexOf(txn);
        line.Transactions.RemoveAt(index);
        Transactions.Remove(txn.TxnId);
        return index;
    }

    public void Reset()
    {
        lock (Gate)
        {
            Interlocked.Increment(ref _generation);
            Users.Clear();
            TestRunBorrowers.Clear();
            Transactions.Clear();
        }
    }

    public void Flush(IDocumentWriter writer)
    {
        lock (Gate)
        {
            Users.Flush(writer);
            TestRunBorrowers.Flush(writer);
        }
    }
}
