using System.Collections.Concurrent;
using LoanJourney.Sandbox.Infrastructure;

namespace LoanJourney.Sandbox.Partner;

/// <summary>What the partner side received.</summary>
internal sealed class PartnerStore : IResettable
{
    private readonly ConcurrentQueue<ReceivedTokenShare> _shares = new();
    private readonly ConcurrentQueue<HandshakeRequest> _handshakes = new();
    private readonly ConcurrentDictionary<(string Reference, bool Approval), byte> _decisions = new();

    public IReadOnlyCollection<ReceivedTokenShare> TokenShares => [.. _shares];

    public IReadOnlyCollection<HandshakeRequest> Handshakes => [.. _handshakes];

    /// <summary>Records a share; true when it is a new decision for its customer (the same decision again is a re-send).</summary>
    public bool Add(ReceivedTokenShare share)
    {
        _shares.Enqueue(share);
        return _decisions.TryAdd((share.Share.VerifiedCustomerRefId ?? "", share.Share.FinalApproval == true), 0);
    }

    public void Add(HandshakeRequest handshake) => _handshakes.Enqueue(handshake);

    public void Reset()
    {
        _shares.Clear();
        _handshakes.Clear();
        _decisions.Clear();
    }
}
