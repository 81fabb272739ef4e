using System.Globalization;
using LoanJourney.Sandbox.Durability;
using LoanJourney.Sandbox.Infrastructure;

namespace LoanJourney.Sandbox.Partner;

/// <summary>
/// What the partner side received (durable, see <see cref="SandboxState"/>), in arrival order, in two books as the counters are
/// (<see cref="CounterBook"/>): draft test runs' requests apart from everyone else's, so that the list an operator reads for a
/// real journey does not hold a test run's decisions, and a decision is a re-send only of one in its own book.
/// </summary>
internal sealed class PartnerStore : IResettable, IDurableState
{
    private readonly Lock _gate = new();
    private readonly Dictionary<CounterBook, Book> _books;

    public PartnerStore(SandboxState state)
    {
        // The journeys' book keeps the document kinds it had before test runs were kept apart, so a state file carries over.
        _books = new()
        {
            [CounterBook.Journeys] = new Book(new("partner.tokenshare", state), new("partner.handshake", state)),
            [CounterBook.TestRuns] = new Book(new("partner.tokenshare.testrun", state), new("partner.handshake.testrun", state)),
        };
    }

    public IReadOnlyCollection<ReceivedTokenShare> TokenShares(CounterBook book)
    {
        lock (_gate)
        {
            return [.. _books[book].Shares.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => s.Value)];
        }
    }

    public IReadOnlyCollection<HandshakeRequest> Handshakes(CounterBook book)
    {
        lock (_gate)
        {
            return [.. _books[book].Handshakes.OrderBy(h => h.Key, StringComparer.Ordinal).Select(h => h.Value)];
        }
    }

    /// <summary>Records a share; true when it is a new decision for its customer in its book (the same decision again is a re-send).</summary>
    public bool Add(CounterBook book, ReceivedTokenShare share)
    {
        lock (_gate)
        {
            var shares = _books[book];
            shares.Shares[Sequence(shares.Shares.Count)] = share;
            return shares.Decisions.Add(Decision(share));
        }
    }

    public void Add(CounterBook book, HandshakeRequest handshake)
    {
        lock (_gate)
        {
            var handshakes = _books[book].Handshakes;
            handshakes[Sequence(handshakes.Count)] = handshake;
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            foreach (var book in _books.Values)
            {
                book.Shares.Clear();
                book.Handshakes.Clear();
                book.Decisions.Clear();
            }
        }
    }

    public void Flush(IDocumentWriter writer)
    {
        lock (_gate)
        {
            foreach (var book in _books.Values)
            {
                book.Shares.Flush(writer);
                book.Handshakes.Flush(writer);
            }
        }
    }

    private static (string, bool) Decision(ReceivedTokenShare share) => (share.Share.VerifiedCustomerRefId ?? "", share.Share.FinalApproval == true);

    // Entries are never removed one by one, so the count is the next sequence number; zero-padded so keys sort in arrival order.
    private static string Sequence(int n) => n.ToString("D10", CultureInfo.InvariantCulture);

    private sealed class Book
    {
        public Book(DurableMap<ReceivedTokenShare> shares, DurableMap<HandshakeRequest> handshakes)
        {
            Shares = shares;
            Handshakes = handshakes;
            foreach (var share in shares.Values)
            {
                Decisions.Add(Decision(share));
            }
        }

        public DurableMap<ReceivedTokenShare> Shares { get; }

        public DurableMap<HandshakeRequest> Handshakes { get; }

        public HashSet<(string Reference, bool Approval)> Decisions { get; } = [];
    }
}
