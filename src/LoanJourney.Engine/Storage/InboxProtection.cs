using System.Data;
using Dapper;

namespace LoanJourney.Engine.Storage;

/// <summary>
/// What migration 0028 does besides its SQL (both stores): the buffered webhooks (nothing consumed them yet) that were
/// stored in the clear before it are protected with the store's <see cref="IPayloadProtector"/>, in the migration's own
/// transaction, once. They are few (a buffered event waits only until its journey reaches the wait, or until retention
/// expires it) and a protector cannot run inside SQL. Without it they would still read (plaintext without the prefix reads
/// as it is) but would stay in the clear until consumed or expired. A protector that does not encrypt (the engine's
/// default) leaves them as they are.
/// </summary>
internal static class InboxProtection
{
    /// <summary>The migration version after whose SQL <see cref="ProtectBufferedAsync"/> runs.</summary>
    public const long Migration = 28;

    private const int Batch = 500;

    // Both stores: event ids in order, a page at a time, so a large backlog is not read into memory at once.
    private const string SelectSql =
        "SELECT event_id, payload_json FROM webhook_inbox WHERE consumed_at IS NULL AND payload_json IS NOT NULL AND event_id > @after " +
        "ORDER BY event_id LIMIT @limit";

    /// <summary>Protects the plaintext payloads of the unconsumed inbox rows; returns how many it protected.</summary>
    public static async Task<int> ProtectBufferedAsync(IDbConnection connection, IDbTransaction transaction, IPayloadProtector protector,
        CancellationToken cancellationToken = default)
    {
        var protectedRows = 0;
        var after = "";
        while (true)
        {
            var rows = (await connection.QueryAsync<(string EventId, string Payload)>(new CommandDefinition(
                SelectSql, new { after, limit = Batch }, transaction, cancellationToken: cancellationToken))).ToList();
            foreach (var (eventId, payload) in rows)
            {
                if (PayloadProtection.IsProtected(payload))
                {
                    continue;
                }

                var stored = protector.Protect(payload);
                if (!string.Equals(stored, payload, StringComparison.Ordinal))
                {
                    await connection.ExecuteAsync(new CommandDefinition(
                        "UPDATE webhook_inbox SET payload_json = @stored WHERE event_id = @eventId", new { stored, eventId }, transaction, cancellationToken: cancellationToken));
                    protectedRows++;
                }
            }

            if (rows.Count < Batch)
            {
                return protectedRows;
            }

            after = rows[^1].EventId;
        }
    }
}
