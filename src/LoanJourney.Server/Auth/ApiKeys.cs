using System.Security.Cryptography;
using System.Text;

namespace LoanJourney.Server.Auth;

/// <summary>
/// API keys are compared by their SHA-256 only, in constant time against every configured hash (no early exit), so
/// neither length nor content leaks through timing, and configuration can hold hashes instead of keys.
/// </summary>
internal static class ApiKeys
{
    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    public static string HashHex(string key) => Convert.ToHexStringLower(Hash(key));

    /// <summary>Whether <paramref name="candidate"/> equals one of <paramref name="accepted"/> (shared secrets such as webhook secrets).</summary>
    public static bool Matches(string? candidate, IEnumerable<string> accepted) =>
        Find(candidate, accepted.Select(a => new KeyPrincipal("", "", Hash(a)))) is not null;

    public static KeyPrincipal? Find(string? candidate, IEnumerable<KeyPrincipal> principals)
    {
        if (string.IsNullOrEmpty(candidate))
        {
            return null;
        }

        var hash = Hash(candidate);
        KeyPrincipal? found = null;
        foreach (var principal in principals)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, principal.KeyHash) && found is null)
            {
                found = principal;
            }
        }

        return found;
    }
}
