using System.Buffers.Binary;
using System.Buffers.Text;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace LoanJourney.Engine.Storage;

/// <summary>
/// A finished journey's <c>input_json</c> and <c>outputs_json</c> rewritten when its journal is packed (issue 17, round 42):
/// Brotli of the plaintext, then protected as bytes (<see cref="IPayloadProtector.ProtectBytes"/>), stored as
/// <see cref="Prefix"/> and the base64url of what the protector returned. The prefix starts with
/// <see cref="PayloadProtection.Prefix"/>, so the payload sweep, the start-up key check and redaction treat it as a
/// protected value; <c>:</c> is in neither base64 alphabet, so no value written by <see cref="IPayloadProtector.Protect"/>
/// starts with it. Only the packing writes it (off the step path); every read of an instance row unpacks it.
/// </summary>
public static class PackedPayload
{
    /// <summary>Prefix of a packed payload.</summary>
    public const string Prefix = PayloadProtection.Prefix + "z:";

    private const byte Format = 1;

    /// <summary>
    /// Brotli's quality for packing: 11. Any quality writes the same stream format. Round 45 (docs/PERFORMANCE.md) measured
    /// quality 5 at ~0.15 ms of CPU for ~1,960 stored bytes against quality 11's ~4.1 ms for ~1,810, and kept 11: packing runs
    /// off the step path, and PostgreSQL's margin under issue 17's storage target would have shrunk to 113–441 bytes.
    /// </summary>
    internal const int Quality = 11;

    /// <summary>Brotli's window (log2 of bytes); any window writes the same stream format.</summary>
    internal const int Window = 22;

    /// <summary>True when <paramref name="stored"/> is a packed payload.</summary>
    /// <param name="stored">A stored value.</param>
    public static bool IsPacked(string? stored) => stored is not null && stored.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>
    /// The packed form of a stored protected value, or null when it stays as it is: plaintext (redacted, or written without
    /// a key-holding protector), already packed, a protector that encrypts no bytes, a value this protector cannot decrypt,
    /// or no smaller once packed.
    /// </summary>
    /// <param name="protector">The store's protector.</param>
    /// <param name="stored">The column's value.</param>
    public static string? Pack(IPayloadProtector protector, string? stored) => Pack(protector, stored, Quality, Window);

    /// <summary><see cref="Pack(IPayloadProtector, string?)"/> at a Brotli quality and window of the caller's (measurements, tests).</summary>
    /// <param name="protector">The store's protector.</param>
    /// <param name="stored">The column's value.</param>
    /// <param name="quality">Brotli's quality, 0–11.</param>
    /// <param name="window">Brotli's window, 10–24.</param>
    internal static string? Pack(IPayloadProtector protector, string? stored, int quality, int window)
    {
        ArgumentNullException.ThrowIfNull(protector);
        if (!PayloadProtection.IsProtected(stored) || IsPacked(stored))
        {
            return null;
        }

        string plaintext;
        try
        {
            plaintext = protector.Unprotect(stored!);
        }
        catch (CryptographicException)
        {
            return null; // another key ring's value: read (and reported) as it was
        }

        var utf8 = Encoding.UTF8.GetBytes(plaintext);
        var compressed = new byte[5 + BrotliEncoder.GetMaxCompressedLength(utf8.Length)];
        compressed[0] = Format;
        BinaryPrimitives.WriteInt32LittleEndian(compressed.AsSpan(1), utf8.Length);
        if (!BrotliEncoder.TryCompress(utf8, compressed.AsSpan(5), out var written, quality, window))
        {
            return null;
        }

        if (protector.ProtectBytes(compressed[..(5 + written)]) is not { } protectedBytes)
        {
            return null;
        }

        var packed = Prefix + Base64Url.EncodeToString(protectedBytes);
        return packed.Length < stored!.Length ? packed : null;
    }

    /// <summary>The plaintext of a stored value, packed or not.</summary>
    /// <param name="protector">The store's protector.</param>
    /// <param name="stored">The column's value.</param>
    /// <exception cref="CryptographicException">The value is protected with a key this protector does not have, or damaged.</exception>
    public static string Unprotect(IPayloadProtector protector, string stored)
    {
        ArgumentNullException.ThrowIfNull(protector);
        ArgumentNullException.ThrowIfNull(stored);
        if (!IsPacked(stored))
        {
            return protector.Unprotect(stored);
        }

        byte[] bytes;
        try
        {
            bytes = protector.UnprotectBytes(Base64Url.DecodeFromChars(stored.AsSpan(Prefix.Length)));
        }
        catch (FormatException e)
        {
            throw new CryptographicException("A packed payload is damaged (base64url).", e);
        }

        if (bytes.Length < 5 || bytes[0] != Format)
        {
            throw new CryptographicException("A packed payload has an unknown format.");
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(1));
        var utf8 = length >= 0 ? new byte[length] : throw new CryptographicException("A packed payload is damaged (length).");
        if (!BrotliDecoder.TryDecompress(bytes.AsSpan(5), utf8, out var read) || read != length)
        {
            throw new CryptographicException("A packed payload is damaged (Brotli).");
        }

        return Encoding.UTF8.GetString(utf8);
    }
}
