namespace LoanJourney.Engine.Storage;

/// <summary>
/// What is kept of a redacted journey's idempotency key (migration 0032): its hash (<see cref="HashOf"/> of the
/// stored key, a partner's namespace included), the partner, the workflow and journey, and when the journey was redacted.
/// A start replaying the key is refused while it is kept.
/// </summary>
public sealed record IdempotencyTombstone(string KeyHash, string? Partner, string WorkflowId, string InstanceId, DateTimeOffset PurgedAt)
{
    /// <summary>
    /// <c>sha256:</c> and the hex SHA-256 of the stored key, always hashed (<see cref="Model.PrivacyHash.Of"/> leaves a value that
    /// already looks hashed as it is, and a caller chooses its keys).
    /// </summary>
    public static string HashOf(string storedKey) =>
        Model.PrivacyHash.Prefix + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(storedKey)));
}
