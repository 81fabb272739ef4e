using System.Security.Cryptography;
using System.Text;

namespace LoanJourney.Engine.Model;

/// <summary>
/// The one-way form of an identifier kept after redaction (correlation ids, erased customer ids): <c>sha256:</c> + hex.
/// The same borrower id always gives the same hash, so a later erasure request or an auditor holding the id can still
/// find the journeys, while the store no longer holds the id itself.
/// </summary>
public static class PrivacyHash
{
    /// <summary>The prefix of every hashed identifier.</summary>
    public const string Prefix = "sha256:";

    // The hash's hex digits (SHA-256: 32 bytes, 64 lower-case digits).
    private const int HexLength = SHA256.HashSizeInBytes * 2;

    // A value whose UTF-8 fits here is encoded on the stack (an identifier, a key); a longer one in an array of its own.
    private const int StackBytes = 512;

    /// <summary>The hash of <paramref name="value"/>; a value already hashed is returned as it is.</summary>
    public static string Of(string value) =>
        value.StartsWith(Prefix, StringComparison.Ordinal) ? value : Always(value);

    /// <summary>The hash of <paramref name="value"/>, whatever it looks like (a caller-chosen key may itself start with <see cref="Prefix"/>).</summary>
    public static string Always(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Replacing(value, 0, value.Length);
    }

    /// <summary>
    /// <paramref name="text"/> with the characters from <paramref name="start"/> to <paramref name="end"/> replaced by their
    /// <see cref="Always"/> form: <c>text[..start] + Always(text[start..end]) + text[end..]</c>, written into one string (round 59:
    /// a webhook's stored inbox key made the id's copy, its UTF-8, the hash, the hex and two concatenations, ~0.7 KB).
    /// </summary>
    internal static string Replacing(string text, int start, int end)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfLessThan(end, start);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(end, text.Length);
        return string.Create(text.Length - (end - start) + Prefix.Length + HexLength, (text, start, end), static (destination, state) =>
        {
            var (text, start, end) = state;
            text.AsSpan(0, start).CopyTo(destination);
            var at = start;
            Prefix.CopyTo(destination[at..]);
            at += Prefix.Length;
            WriteHex(text.AsSpan(start, end - start), destination.Slice(at, HexLength));
            text.AsSpan(end).CopyTo(destination[(at + HexLength)..]);
        });
    }

    // The lower-case hex of SHA-256 over the value's UTF-8 (Encoding.UTF8: a lone surrogate encoded as U+FFFD, as
    // Encoding.UTF8.GetBytes(string) does).
    private static void WriteHex(ReadOnlySpan<char> value, Span<char> destination)
    {
        var most = Encoding.UTF8.GetMaxByteCount(value.Length);
        Span<byte> utf8 = most <= StackBytes ? stackalloc byte[StackBytes] : new byte[most];
        var length = Encoding.UTF8.GetBytes(value, utf8);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8[..length], hash);
        if (!Convert.TryToHexStringLower(hash, destination, out var written) || written != HexLength)
        {
            throw new InvalidOperationException("A SHA-256 hash is 64 hex digits.");
        }
    }
}
