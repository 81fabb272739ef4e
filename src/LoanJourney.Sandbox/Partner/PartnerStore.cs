using System.Globalization;
using LoanJourney.Sandbox.Durability;
using LoanJourney.Sandbox.Infrastructure;

namespace LoanJourney.Sandbox.Partner;

/// <summary>What the partner side received (durable, see <see cref="SandboxState"/>), in arrival order.</summary>
internal sealed class PartnerStore : IResettable, IDurableState
{
    private readonly Lock _gate = new();
    private readonly DurableMap<ReceivedTokenShare> _shares;
    private readonly DurableMap<HandshakeRequest> _handshakes;
    private readonly HashSet<(string Reference, bool Approval)> _decisions = [];

    public PartnerStore(SandboxState state)
    {
        _shares = new("partner.tokenshare", state);
        _handshakes = new("partner.handshake", state);
        foreach (var share in _shares.Values)
        {
            _decisions.Add(Decision(share));
        }
    }

    public IReadOnlyCollection<ReceivedTokenShare> TokenShares
    {
        get
        {
            lock (_gate)
            {
                return [.. _shares.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => s.Value)];
            }
        }
    }

    public IReadOnlyCollection<HandshakeRequest> Handshakes
    {
        get
        {
            lock (_gate)
            {
                return [.. _handshakes.OrderBy(h => h.Key, StringComparer.Ordinal).Select(h => h.Value)];
            }
        }
    }

    /// <summary>Records a share; true when it is a new decision for its customer (the same decision again is a re-send).</summary>
    public bool Add(ReceivedTokenShare share)
    {
        lock (_gate)
        {
            _shares[Sequence(_shares.Count)] = share;
            return _decisions.Add(Decision(share));
        }
    }

    public void Add(HandshakeRequest handshake)
    {
        lock (_gate)
        {
            _handshakes[Sequence(_handshakes.Count)] = handshake;
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _shares.Clear();
            _handshakes.Clear();
            _decisions.Clear();
        }
    }

    public void Flush(IDocumentWriter writer)
    {
        lock (_gate)
        {
            _shares.Flush(writer);
            _handshakes.Flush(writer);
        }
    }

    private static (string, bool) Decision(ReceivedTokenShare share) => (share.Share.VerifiedCustomerRefId ?? "", share.Share.FinalApproval == true);

    // Entries are never removed one by one, so the count is the next sequence number; zero-padded so keys sort in arrival order.
    private static string Sequence(int n) => n.ToString("D10", CultureInfo.InvariantCulture);
}
