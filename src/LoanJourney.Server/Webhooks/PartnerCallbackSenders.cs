using LoanJourney.Activities.Partner;
using LoanJourney.Engine.Errors;
using LoanJourney.Engine.Runtime;

namespace LoanJourney.Server.Webhooks;

/// <summary>
/// Who may answer a handshake (docs/server.md, "Each partner's own inbound secret"). A partner with its own
/// <c>Webhook:Partners:&lt;partner&gt;</c> section answers its own journeys' handshakes with its own secret, and with nothing
/// else: the shared <c>Webhook:Partner</c> secret, or another partner's, is refused for them. Until a session 46 a partner's
/// secret was the one shared secret, so partner A could sign a callback moving partner B's journey.
/// </summary>
/// <remarks>
/// Precedence (decision): a journey's own partner's section first; the shared <c>Webhook:Partner</c> settings verify the team's
/// journeys, a handshake id that names no journey of ours (a test run's, a re-post after retention), and, only while no partner
/// has a section of its own (<c>Webhook:Partners</c> empty: a single-partner install, or one not yet moved), every journey as
/// before. Once any partner has one, a partner's journey without a section of its own is refused (fail closed, as the outbound
/// side is: <c>Lenders:Partners</c>), since the shared secret may still be known to a partner that has moved. The refusal is the
/// same <c>401</c> as any unverified post: it never says whose the journey is, or that it exists.
/// </remarks>
internal static class PartnerCallbackSenders
{
    /// <summary>A sender whose credentials verified the post: <c>null</c> Partner for the shared <c>Webhook:Partner</c> settings.</summary>
    public readonly record struct Sender(string? Partner, WebhookVerifier.Credential Credential);

    /// <summary>
    /// Every sender whose secret (and signature, when sent or required) verifies <paramref name="body"/>: the shared settings and each
    /// partner's section, all checked every time (constant-time compares), so timing does not tell which partner's secret it was.
    /// Empty: nobody's; the post is refused before its body is read.
    /// </summary>
    public static IReadOnlyList<Sender> Verify(HttpRequest request, byte[] body, WebhookSources sources, out string? reason)
    {
        var senders = new List<Sender>();
        reason = WebhookVerifier.Verify(request, body, sources.Partner, out var shared);
        if (reason is null)
        {
            senders.Add(new Sender(null, shared));
        }

        foreach (var (partner, options) in sources.Partners)
        {
            if (WebhookVerifier.Verify(request, body, options, out var credential) is null)
            {
                senders.Add(new Sender(partner, credential));
            }
        }

        if (senders.Count > 0)
        {
            reason = null;
        }

        return senders;
    }

    /// <summary>
    /// The sender allowed to answer <paramref name="handshakeId"/>'s journey among <paramref name="senders"/>, or null (refuse). The
    /// journey is the one our handshake ids name (<c>hs-&lt;instance id&gt;</c>, <see cref="HandshakeActivity.DefaultHandshakeIdPrefix"/>);
    /// any other id names no journey of ours and is the shared settings' to answer (the team's explicit <c>handshakeId</c>; a partner's
    /// journey refuses one of its own while partners have sections, <see cref="HandshakeActivity.HandshakeIdNotOwnKind"/>).
    /// </summary>
    public static async Task<Sender?> AllowedAsync(IReadOnlyList<Sender> senders, string handshakeId, WebhookSources sources, IWorkflowClient client,
        CancellationToken cancellationToken)
    {
        Sender? Of(string? partner) => senders.Any(s => s.Partner == partner) ? senders.First(s => s.Partner == partner) : null;
        if (sources.Partners.Count == 0)
        {
            return Of(null); // no partner has its own secret: the shared settings answer every journey, as before session 46
        }

        return await PartnerOfAsync(handshakeId, client, cancellationToken) switch
        {
            { } partner when sources.Partners.ContainsKey(partner) => Of(partner),
            not null => null, // a partner without a section of its own, once others have one: fail closed
            null => Of(null), // the team's journey, or no journey of ours
        };
    }

    // The partner of the journey the handshake id names; null for the team's journey and for an id that names no journey of ours.
    private static async Task<string?> PartnerOfAsync(string handshakeId, IWorkflowClient client, CancellationToken cancellationToken)
    {
        if (!handshakeId.StartsWith(HandshakeActivity.DefaultHandshakeIdPrefix, StringComparison.Ordinal)
            || handshakeId.Length == HandshakeActivity.DefaultHandshakeIdPrefix.Length)
        {
            return null;
        }

        try
        {
            return (await client.GetInstanceAsync(handshakeId[HandshakeActivity.DefaultHandshakeIdPrefix.Length..], cancellationToken)).Partner;
        }
        catch (InstanceNotFoundException)
        {
            return null;
        }
    }
}
