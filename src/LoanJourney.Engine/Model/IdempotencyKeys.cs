namespace LoanJourney.Engine.Model;

/// <summary>
/// The key a start's idempotency key is stored under (docs/server.md, "Partner scope"): a partner's in its partner's
/// namespace (the partner and a unit separator, which no key sent through the API can hold: KeyValues refuses control
/// characters), so two partners sending the same key start two journeys and never receive each other's; the team's as given.
/// One rule for the API's starts and the engine's own (a child journey started for its parent's partner).
/// </summary>
public static class IdempotencyKeys
{
    /// <summary><paramref name="key"/> in <paramref name="partner"/>'s namespace, or as given when <paramref name="partner"/> is null.</summary>
    public static string Stored(string? partner, string key) => partner is null ? key : $"partner:{partner}\u001f{key}";

    /// <summary>
    /// What the stores keep of a stored key (<see cref="Stored"/>): <c>sha256:</c> and the hex SHA-256 of it, always hashed
    /// (<see cref="PrivacyHash.Of"/> leaves a value that already looks hashed as it is, and a caller chooses its keys). Since
    /// migration 0034 <c>instances.idempotency_key</c> holds this, not the key as sent (a partner using a borrower's e-mail or
    /// mobile as its key left it readable in the database); the tombstones of migration 0032 hold the same value, so a
    /// redaction copies it. Unsalted on purpose: a replay must find its journey, and the tombstones hash the same way.
    /// </summary>
    public static string Hash(string storedKey) => PrivacyHash.Always(storedKey);

    /// <summary><see cref="Hash"/> of <paramref name="storedKey"/>, or null when there is no key.</summary>
    public static string? HashOrNull(string? storedKey) => storedKey is null ? null : Hash(storedKey);
}
