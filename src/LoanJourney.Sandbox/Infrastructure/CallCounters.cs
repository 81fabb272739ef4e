using LoanJourney.Sandbox.Durability;

namespace LoanJourney.Sandbox.Infrastructure;

/// <summary>
/// Counts money-moving and object-creating operations per customer (FinBox customerID, Capital Float app_id,
/// partner verified_customer_ref_id, the customerID owning a credit line transaction) so tests can prove nothing took
/// effect twice. The effect counters (<see cref="Disbursal"/>, <see cref="Agreement"/>, <see cref="Block"/>,
/// <see cref="Tranche"/>, <see cref="BlockCancel"/>, <see cref="TokenShare"/>) count what took effect; the <c>…Duplicate</c> counters count requests
/// the lender answered as already done (a client reconciling after a lost answer sends those on purpose). Two books: draft test
/// runs' calls are counted apart from everyone else's (<see cref="CounterBook"/>, <see cref="RequestCounters"/>).
/// </summary>
internal sealed class CallCounters(SandboxState state) : IResettable, IDurableState
{
    public const string Disbursal = "disbursal";
    public const string DisbursalDuplicate = "disbursalDuplicate";
    public const string Agreement = "agreement";
    public const string AgreementDuplicate = "agreementDuplicate";
    public const string Block = "block";

    /// <summary>Every well-formed block request for a known app, whatever the answer: proves a journey sent none.</summary>
    public const string BlockRequest = "blockRequest";
    public const string BlockDuplicate = "blockDuplicate";
    public const string Tranche = "tranche";
    public const string TrancheDuplicate = "trancheDuplicate";
    public const string BlockCancel = "blockCancel";
    public const string TokenShare = "tokenShare";
    public const string TokenShareDuplicate = "tokenShareDuplicate";
    public const string Repay = "repay";
    public const string RepayDuplicate = "repayDuplicate";
    public const string CreditLineConfirm = "creditLineConfirm";
    public const string CreditLineSplit = "creditLineSplit";
    public const string CreditLineMerge = "creditLineMerge";

    private readonly Lock _gate = new();
    private readonly DurableMap<Dictionary<string, int>> _counts = new("counters", state);
    private readonly DurableMap<Dictionary<string, int>> _testRunCounts = new("counters.testrun", state);

    public void Increment(CounterBook book, string customer, string operation)
    {
        lock (_gate)
        {
            var counts = Book(book);
            if (!counts.TryGetValue(customer, out var ops))
            {
                counts[customer] = ops = new(StringComparer.Ordinal);
            }

            ops[operation] = ops.GetValueOrDefault(operation) + 1;
        }
    }

    public IReadOnlyDictionary<string, int> For(CounterBook book, string customer)
    {
        lock (_gate)
        {
            return Read(Book(book), customer);
        }
    }

    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> All(CounterBook book)
    {
        lock (_gate)
        {
            var counts = Book(book);
            return new SortedDictionary<string, IReadOnlyDictionary<string, int>>(
                counts.Keys.ToDictionary(k => k, k => (IReadOnlyDictionary<string, int>)Read(counts, k), StringComparer.Ordinal), StringComparer.Ordinal);
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _counts.Clear();
            _testRunCounts.Clear();
        }
    }

    public void Flush(IDocumentWriter writer)
    {
        lock (_gate)
        {
            _counts.Flush(writer);
            _testRunCounts.Flush(writer);
        }
    }

    private DurableMap<Dictionary<string, int>> Book(CounterBook book) => book == CounterBook.TestRuns ? _testRunCounts : _counts;

    private static SortedDictionary<string, int> Read(DurableMap<Dictionary<string, int>> counts, string customer) =>
        counts.Peek(customer) is { } ops
            ? new SortedDictionary<string, int>(ops, StringComparer.Ordinal)
            : new SortedDictionary<string, int>(StringComparer.Ordinal);
}
