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

    private readonly IDataProtector _protector = provider.CreateProtector(Purpose);

    public string Protect(string plaintext)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        return PayloadProtection.IsProtected(plaintext) ? plaintext : PayloadProtection.Prefix + _protector.Protect(plaintext);
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
