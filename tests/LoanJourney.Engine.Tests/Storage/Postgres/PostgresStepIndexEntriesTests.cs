using Dapper;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Runtime;
using LoanJourney.Engine.Storage.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static LoanJourney.Engine.Tests.Support.Defs;

namespace LoanJourney.Engine.Tests.Storage.Postgres;

/// <summary>
/// A regression guard that is not timed (issue 17, round 57): the index entries a running journey's step commits write on
/// PostgreSQL. The step's <c>UPDATE instances</c> is never HOT (<c>updated_at</c>, the feed's key, moves at every commit), so
/// it inserts an entry into every index of <c>instances</c> whose predicate the new row meets; an index that takes an entry
/// for a running journey must be one something reads running journeys by. Read from the WAL itself (<c>pg_walinspect</c>'s
/// <c>Btree/INSERT_LEAF</c> records between two LSNs, for this schema's indexes only, so other tests' writes do not count).
/// And the one statement that reads a node's leases (its release at start-up) still releases every one, each part through
/// an index.
/// </summary>
[Collection(PostgresGroup.Name)]
public sealed class PostgresStepIndexEntriesTests(PostgresServer server) : PostgresNodeTests(server)
{
    private const int Steps = 12;

    protected override IEnumerable<(string File, string Json)> Workflows() => [("chain.json", Chain("chain", Steps, "Test.Record"))];

    [Fact]
    public async Task ARunningJourneysStepCommits_WriteNoEntryIntoAnIndexOfItsLease()
    {
        await using var node = new PostgresEngineNode(ConnectionString, Definitions, TimeProvider.System, "entries");
        await node.Services.GetRequiredService<EngineInitializer>().EnsureInitializedAsync();
        var database = new NpgsqlConnectionStringBuilder(ConnectionString).Database!;
        await using (var admin = new NpgsqlConnection(Server.ConnectionString(database)))
        {
            await admin.OpenAsync();
            await admin.ExecuteAsync("CREATE EXTENSION IF NOT EXISTS pg_walinspect SCHEMA public");
        }

        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        var instance = await node.Client.StartAsync("chain", null);
        var start = await connection.ExecuteScalarAsync<string>("SELECT pg_current_wal_lsn()::text");
        await node.Dispatcher.DrainAsync();
        Assert.Equal(WorkflowStatus.Completed, (await node.Client.GetInstanceAsync(instance.Id)).Status);
        // A commit flushed at once flushes all WAL before it (the test server's commits are asynchronous): pg_walinspect
        // reads up to the flush LSN.
        await connection.ExecuteAsync("SET synchronous_commit = on; CREATE TEMP TABLE flushed (x int); DROP TABLE flushed");
        var end = await connection.ExecuteScalarAsync<string>("SELECT pg_current_wal_flush_lsn()::text");

        var entries = (await connection.QueryAsync<(string Index, string Definition, long Entries)>(
            "SELECT x.relname, pg_get_indexdef(x.oid), count(r.start_lsn) FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid " +
            "LEFT JOIN public.pg_get_wal_records_info(@start::pg_lsn, @end::pg_lsn) r ON r.resource_manager = 'Btree' AND r.record_type LIKE 'INSERT_LEAF%' " +
            "AND r.block_ref ~ ('rel [0-9]+/[0-9]+/' || pg_relation_filenode(x.oid) || '([^0-9]|$)') " +
            "WHERE i.indrelid = 'instances'::regclass GROUP BY x.relname, x.oid ORDER BY x.relname",
            new { start, end })).ToList();
        var text = string.Join(", ", entries.Select(e => $"{e.Index} {e.Entries}"));

        // The filter sees this schema's writes: the feed's index takes an entry at every step commit.
        Assert.True(entries.Single(e => e.Index == "ix_instances_updated").Entries >= Steps, text);
        var lease = entries.Where(e => e.Definition.Contains("lease_owner", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(lease); // a node's release at start-up still reads its leases through an index
        Assert.All(lease, e => Assert.True(e.Entries == 0, $"{e.Index} took {e.Entries} entries while one journey ran {Steps} steps: {text}"));
    }

    [Fact]
    public async Task ANodesReleaseAtStartUp_ReleasesEachOfItsLeases_WhateverTheStatus_EachPartThroughAnIndex()
    {
        var (store, connection) = await PlanSeed.CopiesAsync(ConnectionString, WorkflowStatus.Completed, 3000);
        using (store)
        await using (connection)
        {
            // j1..j3000 finished history; j1..j4 leased by this node (Running, Waiting, Faulted, Completed), j5 by another.
            await connection.ExecuteAsync(
                "UPDATE instances SET lease_owner = 'me', lease_expires_at = 1, lease_token = lease_token + 1, status = s.status " +
                "FROM (VALUES ('j1', 'Running'), ('j2', 'Waiting'), ('j3', 'Faulted'), ('j4', 'Completed')) s(id, status) WHERE instances.id = s.id; " +
                "UPDATE instances SET lease_owner = 'other', lease_expires_at = 1, status = 'Running' WHERE id = 'j5'; ANALYZE instances");

            Assert.Equal(4, await store.ReleaseLeasesOwnedByAsync("me", default));
            Assert.Equal(["j5 other"], await connection.QueryAsync<string>("SELECT id || ' ' || lease_owner FROM instances WHERE lease_owner IS NOT NULL OR lease_expires_at IS NOT NULL"));

            foreach (var statement in PostgresWorkflowStore.ReleaseLeasesOwnedBySql.Split(';', StringSplitOptions.RemoveEmptyEntries))
            {
                var plan = (await connection.QueryAsync<string>("EXPLAIN " + statement.Replace("@owner", "'me'", StringComparison.Ordinal))).ToList();
                Assert.True(plan.Any(l => l.Contains("Index Scan", StringComparison.Ordinal) || l.Contains("Bitmap Index Scan", StringComparison.Ordinal))
                    && !plan.Any(l => l.Contains("Seq Scan", StringComparison.Ordinal)), string.Join(" | ", plan));
            }
        }
    }
}
