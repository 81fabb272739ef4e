using System.Buffers.Text;
using System.Text;
using LoanJourney.Engine.Storage;
using Microsoft.AspNetCore.DataProtection;

namespace LoanJourney.Server.Hosting;

/// <summary>
/// The server's <see cref="IPayloadProtector"/>: ASP.NET Core Data Protection (new keys AES-256-GCM, see
/// <c>AuthSetup.KeyAlgorithms</c>; keys from before keep AES-256-CBC with HMAC-SHA256) under the purpose
/// <see cref="Purpose"/>, keys in <c>Server:DataProtectionKeysPath</c>.
/// Stored values are <c>enc:v1:</c> followed by the protected payload; values without the prefix are plaintext rows
/// written before encryption was enabled and read as they are. A finished journey's payloads are compressed and protected as
/// bytes when its journal is packed (<see cref="PackedPayload"/>).
/// </summary>
internal sealed class DataProtectionPayloadProtector(IDataProtectionProvider provider) : IPayloadProtector
{
    public const string Purpose = "LoanJourney.Payload.v1";

    // What Data Protection's own Protect(string) encodes the text with: no byte order mark, and a lone surrogate throws.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly IDataProtector _protector = provider.CreateProtector(Purpose);

    /// <summary>
    /// <see cref="PayloadProtection.Prefix"/> followed by what <c>IDataProtector.Protect(string)</c> returns (the text's UTF-8
    /// protected, base64url without padding), written into one string: the extension's string and a copy of it behind the
    /// prefix were two strings the size of the payload on every protected write (a webhook's, a step's input and outputs;
    /// docs/PERFORMANCE.md, round 50). The stored value is the same character for character.
    /// </summary>
    public string Protect(string plaintext)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        if (PayloadProtection.IsProtected(plaintext))
        {
            return plaintext;
        }

        byte[] utf8;
        try
        {
            utf8 = StrictUtf8.GetBytes(plaintext);
        }
        catch (EncoderFallbackException)
        {
            // Not Unicode (a lone surrogate): fail as Data Protection's own Protect(string) does, with its CryptographicException.
            _protector.Protect(plaintext);
            throw;
        }

        var protectedBytes = _protector.Protect(utf8);
        return string.Create(PayloadProtection.Prefix.Length + Base64Url.GetEncodedLength(protectedBytes.Length), protectedBytes, static (chars, bytes) =>
        {
            PayloadProtection.Prefix.AsSpan().CopyTo(chars);
            Base64Url.EncodeToChars(bytes, chars[PayloadProtection.Prefix.Length..]);
        });
    }

    public string Unprotect(string stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return PayloadProtection.IsProtected(stored) ? _protector.Unprotect(stored[PayloadProtection.Prefix.Length..]) : stored;
    }

    // A finished journey's compressed payload (PackedPayload), protected as bytes under the same purpose and keys.
    public byte[]? ProtectBytes(byte[] plaintext) => _protector.Protect(plaintext);

    public byte[] UnprotectBytes(byte[] protectedBytes) => _protector.Unprotect(protectedBytes);
}
