namespace LoanJourney.Server.Http;

/// <summary>
/// The values journeys are found by: an <c>Idempotency-Key</c>, a correlation id (a customer id by default), a webhook's
/// customer id and event keys. They are stored, indexed, listed, filtered on and shown in the Studio, and the borrower's
/// erasure finds journeys and inbox records by them: at most 200 characters, none of them a control character (a line
/// break would forge a line wherever the value is printed; PostgreSQL refuses a NUL).
/// </summary>
internal static class KeyValues
{
    /// <summary>The longest key.</summary>
    public const int MaxLength = 200;

    /// <summary>What is wrong with <paramref name="value"/> as a key, or null.</summary>
    public static string? Problem(string value) =>
        value.Length > MaxLength ? $"At most {MaxLength} characters."
        : value.Any(char.IsControl) ? "Must not contain control characters (line breaks, tabs, NUL)."
        : null;
}
