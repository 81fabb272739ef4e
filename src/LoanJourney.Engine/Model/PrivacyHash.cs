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

    /// <summary>The hash of <paramref name="value"/>; a value already hashed is returned as it is.</summary>
    public static string Of(string value) =>
        value.StartsWith(Prefix, StringComparison.Ordinal) ? value : Always(value);

    /// <summary>The hash of <paramref name="value"/>, whatever it looks like (a caller-chosen key may itself start with <see cref="Prefix"/>).</summary>
    public static string Always(string value) => Prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
