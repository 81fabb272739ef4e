using System.Data;
using Dapper;

namespace LoanJourney.Engine.Storage;

/// <summary>
/// What the last complete payload sweep of a store saw (table <c>payload_sweep</c>, migration 0029, both stores), so a start
/// does not walk every journey again to find none in the clear. <paramref name="Generation"/> moves each time a store whose
/// protector does not encrypt starts on the database (<see cref="ForgetAsync"/>): what it writes is in the clear, so a mark
/// from before it no longer holds. A sweep reads the generation before it starts and records it when it ends with nothing
/// left in the clear (<see cref="MarkSql"/>, only if the generation is still the one it read); <paramref name="Complete"/> is
/// true when that record is this generation's and was made looking for today's <see cref="PayloadProtection.Prefix"/>.
/// The key ring plays no part: the sweep looks for values without the prefix, and a key rotation leaves every value prefixed.
/// </summary>
/// <param name="Generation">How many times a store that does not encrypt has started on this database.</param>
/// <param name="Complete">Whether a sweep completed in this generation, for this protection format.</param>
public sealed record PayloadSweepMark(long Generation, bool Complete)
{
    /// <summary>The migration that creates <c>payload_sweep</c>.</summary>
    internal const long Migration = 29;

    internal const string ReadSql = "SELECT generation, swept_generation, swept_prefix FROM payload_sweep WHERE id = 1";

    internal const string MarkSql =
        "UPDATE payload_sweep SET swept_generation = @generation, swept_prefix = @prefix WHERE id = 1 AND generation = @generation";

    private const string ForgetSql = "UPDATE payload_sweep SET generation = generation + 1 WHERE id = 1";

    internal static PayloadSweepMark From((long Generation, long? SweptGeneration, string? SweptPrefix) row) =>
        new(row.Generation, row.SweptGeneration == row.Generation && row.SweptPrefix == PayloadProtection.Prefix);

    internal static object MarkParameters(long generation) => new { generation, prefix = PayloadProtection.Prefix };

    /// <summary>At a store's initialization: a store whose <paramref name="protector"/> does not encrypt moves the generation.</summary>
    internal static async Task ForgetAsync(IDbConnection connection, IPayloadProtector protector, CancellationToken cancellationToken = default)
    {
        if (!PayloadProtection.Encrypts(protector))
        {
            await connection.ExecuteAsync(new CommandDefinition(ForgetSql, cancellationToken: cancellationToken));
        }
    }
}
