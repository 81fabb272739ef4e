using System.Collections.Concurrent;
using LoanJourney.Sandbox.Infrastructure;

namespace LoanJourney.Sandbox.Partner;

/// <summary>What the partner side received.</summary>
internal sealed class PartnerStore : IResettable
{
    private readonly ConcurrentQueue<ReceivedTokenShare> _shares = new();
    private readonly ConcurrentQueue<HandshakeRequest> _handshakes = new();

    public IReadOnlyCollection<ReceivedTokenShare> TokenShares => [.. _shares];

    public IReadOnlyCollection<HandshakeRequest> Handshakes => [.. _handshakes];

    public void Add(ReceivedTokenShare share) => _shares.Enqueue(share);

    public void Add(HandshakeRequest handshake) => _handshakes.Enqueue(handshake);

    public void Reset()
    {
        _shares.Clear();
        _handshakes.Clear();
    }
}
