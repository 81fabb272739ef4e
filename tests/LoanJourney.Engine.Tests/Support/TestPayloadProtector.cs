using System.Security.Cryptography;
using System.Text;
using LoanJourney.Engine.Storage;

namespace LoanJourney.Engine.Tests.Support;

/// <summary>
/// A reversible, keyless stand-in for a real protector (XOR then base64, behind the <c>enc:v1:</c> prefix): neither the
/// plaintext nor its base64 survive in what it returns. Counts calls so tests can see the store used it.
/// </summary>
internal sealed class TestPayloadProtector : IPayloadProtector
{
    private const byte Mask = 0x5A;
    private int _protected;

    private int _unprotected;

    public int ProtectedCount => Volatile.Read(ref _protected);

    /// <summary>How many protected values this protector has decrypted (round 48: a start decrypts none).</summary>
    public int UnprotectedCount => Volatile.Read(ref _unprotected);

    public string Protect(string plaintext)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        if (PayloadProtection.IsProtected(plaintext))
        {
            return plaintext;
        }

        Interlocked.Increment(ref _protected);
        return PayloadProtection.Prefix + Convert.ToBase64String(Xor(Encoding.UTF8.GetBytes(plaintext)));
    }

    public string Unprotect(string stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (!PayloadProtection.IsProtected(stored))
        {
            return stored;
        }

        Interlocked.Increment(ref _unprotected);
        try
        {
            return Encoding.UTF8.GetString(Xor(Convert.FromBase64String(stored[PayloadProtection.Prefix.Length..])));
        }
        catch (FormatException e)
        {
            // As Data Protection answers a value it did not write (another key ring, a damaged value).
            throw new CryptographicException("The payload was not protected by this protector.", e);
        }
    }

    public byte[]? ProtectBytes(byte[] plaintext) => Xor([.. plaintext]);

    public byte[] UnprotectBytes(byte[] protectedBytes)
    {
        Interlocked.Increment(ref _unprotected);
        return Xor([.. protectedBytes]);
    }

    private static byte[] Xor(byte[] bytes)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] ^= Mask;
        }

        return bytes;
    }
}
