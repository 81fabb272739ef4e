using System.Security.Cryptography;
using System.Text;

namespace LoanJourney.Server.Auth;

/// <summary>Constant-time comparison of secrets: both sides are hashed first, so neither length nor content leaks through timing.</summary>
internal static class ApiKeys
{
    public static bool Matches(string? candidate, IEnumerable<string> accepted)
    {
        if (string.IsNullOrEmpty(candidate))
        {
            return false;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(candidate));
        var match = false;
        foreach (var key in accepted)
        {
            // No early exit: every configured key is compared.
            match |= CryptographicOperations.FixedTimeEquals(hash, SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        }

        return match;
    }
}
