using LoanJourney.Sandbox.Durability;

namespace LoanJourney.Sandbox.FinBoxV1;

/// <summary>
/// Credit line transactions by <c>txnID</c>, across users. A transaction is stored inside its owner's document, so looking
/// one up marks its owner changed (the caller is about to confirm, cancel, split or merge it). Guarded by the store's gate.
/// </summary>
internal sealed class V1TransactionIndex(DurableMap<V1User> users)
{
    private readonly Dictionary<string, V1CreditLineTxn> _byId = new(StringComparer.Ordinal);

    public V1CreditLineTxn this[string txnId]
    {
        set => _byId[txnId] = value;
    }

    public V1CreditLineTxn? GetValueOrDefault(string txnId)
    {
        if (!_byId.TryGetValue(txnId, out var txn))
        {
            return null;
        }

        users.TryGetValue(txn.CustomerId, out _);
        return txn;
    }

    public bool Remove(string txnId) => _byId.Remove(txnId);

    public void Clear() => _byId.Clear();
}
