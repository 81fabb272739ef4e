namespace LoanJourney.Engine.Storage;

/// <summary>
/// Encrypts the instance columns that may carry borrower documents (an instance's input, its step outputs, where a
/// wait step keeps the signal or webhook payload it received, and its pending stimulus payload) at the store boundary: the store protects a value before writing it and unprotects it after reading it.
/// Protection is CPU only; it adds no statement. The engine registers <see cref="PassThroughPayloadProtector"/> (it knows
/// no keys); a host replaces it with one backed by real keys (the server uses ASP.NET Core Data Protection).
/// </summary>
public interface IPayloadProtector
{
    /// <summary>
    /// Returns the text to store for <paramref name="plaintext"/>. An implementation that encrypts returns a value that
    /// starts with a version prefix (see <see cref="PayloadProtection.Prefix"/>) and returns an already protected value
    /// unchanged, so a value is never protected twice.
    /// </summary>
    /// <param name="plaintext">The JSON text to store.</param>
    /// <returns>The protected text, or the input itself when this protector does not encrypt.</returns>
    string Protect(string plaintext);

    /// <summary>
    /// Returns the plaintext of a stored value. A value without the protection prefix (a row written before protection
    /// was enabled) is returned unchanged, so old rows still read without a migration.
    /// </summary>
    /// <param name="stored">The text read from the database.</param>
    /// <returns>The plaintext JSON.</returns>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The value is protected with a key this protector does not have.</exception>
    string Unprotect(string stored);

    /// <summary>
    /// Encrypts bytes (a finished journey's payload, compressed when its journal is packed: <see cref="PackedPayload"/>).
    /// Returns null when this protector does not encrypt (the default), and the store then keeps the value as it is.
    /// </summary>
    /// <param name="plaintext">The bytes to protect.</param>
    /// <returns>The protected bytes, or null.</returns>
    byte[]? ProtectBytes(byte[] plaintext) => null;

    /// <summary>The bytes <see cref="ProtectBytes"/> protected.</summary>
    /// <param name="protectedBytes">What <see cref="ProtectBytes"/> returned.</param>
    /// <returns>The plaintext bytes.</returns>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The value is protected with a key this protector does not have.</exception>
    byte[] UnprotectBytes(byte[] protectedBytes) =>
        throw new System.Security.Cryptography.CryptographicException("This payload protector does not read packed payloads (it has no keys).");
}

/// <summary>The default <see cref="IPayloadProtector"/>: stores values as they are and reads plaintext as it is.</summary>
public sealed class PassThroughPayloadProtector : IPayloadProtector
{
    /// <summary>The shared instance.</summary>
    public static PassThroughPayloadProtector Instance { get; } = new();

    /// <inheritdoc />
    public string Protect(string plaintext) => plaintext;

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The value was protected by a key-holding protector that is not registered.</exception>
    public string Unprotect(string stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return PayloadProtection.IsProtected(stored)
            ? throw new InvalidOperationException(
                "The stored payload is encrypted but no key-holding IPayloadProtector is registered (the engine's default only passes plaintext through).")
            : stored;
    }
}

/// <summary>Helpers shared by <see cref="IPayloadProtector"/> implementations.</summary>
public static class PayloadProtection
{
    /// <summary>Prefix of every protected value (format version 1). Plaintext JSON never starts with it.</summary>
    public const string Prefix = "enc:v1:";

    /// <summary>How many of the newest journeys the start-up key check looks among for protected ones.</summary>
    public const int KeyCheckWindow = 50;

    /// <summary>True when <paramref name="value"/> carries the protection prefix.</summary>
    /// <param name="value">A stored value.</param>
    public static bool IsProtected(string? value) => value is not null && value.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>True when <paramref name="protector"/> encrypts (a pass-through one stores values in the clear).</summary>
    internal static bool Encrypts(IPayloadProtector protector) => IsProtected(protector.Protect("{}"));

    internal static string? ProtectOrNull(this IPayloadProtector protector, string? value) => value is null ? null : protector.Protect(value);

    internal static string? UnprotectOrNull(this IPayloadProtector protector, string? value) => value is null ? null : protector.Unprotect(value);
}
