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
}
