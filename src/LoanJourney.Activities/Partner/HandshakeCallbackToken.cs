using System.Security.Cryptography;
using System.Text;

namespace LoanJourney.Activities.Partner;

/// <summary>
/// The per-handshake callback URL: <c>/webhooks/partner/handshake/{handshakeId}/{token}</c> with token =
/// hex HMAC-SHA256(key, handshakeId). Only we can make it (the key is ours), it is bound to one handshake (so to one
/// journey), and the server checks it without a lookup before anything is stored.
/// </summary>
public static class HandshakeCallbackToken
{
    /// <summary>The token for <paramref name="handshakeId"/>.</summary>
    public static string Compute(string key, string handshakeId)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(handshakeId);
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(handshakeId)));
    }

    /// <summary>Whether <paramref name="token"/> is the one for <paramref name="handshakeId"/> (constant time).</summary>
    public static bool Matches(string key, string handshakeId, string? token)
    {
        var expected = Encoding.ASCII.GetBytes(Compute(key, handshakeId));
        var sent = Encoding.ASCII.GetBytes(token ?? "");
        return CryptographicOperations.FixedTimeEquals(expected, sent);
    }

    /// <summary>The path (under our public base URL) the partner posts the handshake result to.</summary>
    public static string CallbackPath(string? key, string handshakeId) =>
        string.IsNullOrEmpty(key)
            ? HandshakeActivity.CallbackPath
            : $"{HandshakeActivity.CallbackPath}/{Uri.EscapeDataString(handshakeId)}/{Compute(key, handshakeId)}";
}
