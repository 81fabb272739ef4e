using System.Globalization;
using System.Text.RegularExpressions;
using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Runtime;
using LoanJourney.Engine.Storage;
using LoanJourney.Server.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption.ConfigurationModel;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LoanJourney.Bench;

/// <summary>
/// What a journey's step commit writes on PostgreSQL (round 55): <c>journeys</c> journeys of <see cref="Steps"/>
/// <c>Bench.Noop</c> steps run by the real engine (client, dispatcher with one run at a time, runner, the PostgreSQL store, the
/// server's payload protector) on a fresh schema made by this build's migrations, started before the measured part and run
/// one after the other (<see cref="WorkflowDispatcher.DrainAsync"/>) after a warm-up, a <c>CHECKPOINT</c> just before. Prints
/// the WAL written (<c>pg_current_wal_lsn()</c> before and after) per step commit (counted by <c>pg_stat_statements</c>' calls
/// of the step <c>UPDATE instances</c>), <c>pg_stat_wal</c>, each statement's WAL and buffers per step commit, the rows
/// touched per table (HOT updates among them) and, with <c>pg_walinspect</c>, the WAL by record type and by relation. The
/// server must load <c>pg_stat_statements</c>; it should run nothing else (autovacuum off, no checkpoint in the measured
/// part) for the WAL to be this engine's alone.
/// </summary>
internal static partial class PgStepCommitsBench
{
    private const int Steps = 10;
    private const int WarmUp = 50;
    private const string StepUpdatePrefix = "UPDATE instances SET status = CASE WHEN cancel_requested";

    public static async Task RunAsync(string root, int journeys, string connectionString)
    {
        var settings = await PgStepsBench.SettingsAsync(connectionString);
        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, ApplicationName = "lj-bench-admin" }.ConnectionString);
        await admin.OpenAsync();
        await ExecAsync(admin, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        var walInspect = true;
        try
        {
            await ExecAsync(admin, "CREATE EXTENSION IF NOT EXISTS pg_walinspect");
        }
        catch (PostgresException)
        {
            walInspect = false;
        }

        var autovacuum = await ScalarAsync(admin, "SHOW autovacuum");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"pgstepcommits: {journeys} journeys of {Steps} no-op steps after {WarmUp}, one run at a time; {settings}, autovacuum={autovacuum}; Data Protection payloads; nproc {Environment.ProcessorCount}, load average {Latencies.LoadAverage()}"));

        var schemaName = $"bench_wal_{Guid.NewGuid():N}";
        var schema = await ScaleBench.CreateSchemaAsync(connectionString, schemaName);
        var definitions = Directory.CreateDirectory(Path.Combine(root, "pg-commits-workflows")).FullName;
        var steps = string.Join(",\n", Enumerable.Range(1, Steps).Select(i =>
            $$"""{ "id": "s{{i}}", "activity": "Bench.Noop", "inputs": {}{{(i < Steps ? $$""", "next": { "Done": "s{{i + 1}}" }""" : "")}} }"""));
        await File.WriteAllTextAsync(Path.Combine(definitions, "commits.json"),
            $$"""{ "id": "commits", "version": 1, "title": "bench", "input": [], "variables": {}, "start": "s1", "steps": [ {{steps}} ] }""");

        string start, end;
        await using (var node = Node(schema, definitions, TracedEngine.ServerProtector(root)))
        {
            await node.GetRequiredService<EngineInitializer>().EnsureInitializedAsync();
            var client = node.GetRequiredService<IWorkflowClient>();
            var dispatcher = node.GetRequiredService<WorkflowDispatcher>();
            for (var i = 0; i < WarmUp; i++)
            {
                await client.StartAsync("commits", null);
            }

            await dispatcher.DrainAsync();
            for (var i = 0; i < journeys; i++)
            {
                await client.StartAsync("commits", null);
            }

            await ExecAsync(admin, "CHECKPOINT");
            await ExecAsync(admin, "SELECT pg_stat_statements_reset()");
            await ExecAsync(admin, "SELECT pg_stat_reset()");
            await ExecAsync(admin, "SELECT pg_stat_reset_shared('wal')");
            start = (string)(await ScalarAsync(admin, "SELECT pg_current_wal_lsn()::text"))!;
            await dispatcher.DrainAsync();
            end = (string)(await ScalarAsync(admin, "SELECT pg_current_wal_lsn()::text"))!;
        }

        // The engine's connections closed: each backend reports its table statistics as it exits.
        while (Convert.ToInt64(await ScalarAsync(admin, "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()"), CultureInfo.InvariantCulture) > 0)
        {
            await Task.Delay(20);
        }

        await ExecAsync(admin, "SELECT pg_stat_clear_snapshot()");
        var wal = Convert.ToDouble(await ScalarAsync(admin, $"SELECT pg_wal_lsn_diff('{end}', '{start}')"), CultureInfo.InvariantCulture);
        var commits = Convert.ToDouble(await ScalarAsync(admin, $"SELECT coalesce(sum(calls), 0) FROM pg_stat_statements WHERE query LIKE '{StepUpdatePrefix}%'"), CultureInfo.InvariantCulture);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"step commits {commits:F0} ({commits / journeys:0.##} per journey); **WAL {wal / commits:F0} bytes per step commit** ({wal / journeys:F0} per journey, {wal:F0} in all, {start} → {end}); load average {Latencies.LoadAverage()}"));
        await using (var reader = await QueryAsync(admin, "SELECT wal_records, wal_fpi, wal_bytes FROM pg_stat_wal"))
        {
            await reader.ReadAsync();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"pg_stat_wal per step commit: {reader.GetInt64(0) / commits:F1} records, {reader.GetInt64(1) / commits:F2} full-page images, {Convert.ToDouble(reader.GetValue(2), CultureInfo.InvariantCulture) / commits:F0} bytes"));
        }

        await PrintTableAsync(admin, "| statement (per step commit) | calls | rows | WAL records | FPI | WAL bytes | shared hit | read | dirtied | written |",
            "SELECT left(regexp_replace(query, '\\s+', ' ', 'g'), 90), calls, rows, wal_records, wal_fpi, wal_bytes, shared_blks_hit, shared_blks_read, shared_blks_dirtied, shared_blks_written " +
            "FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat%' AND query NOT LIKE '%pg_current_wal_lsn%' AND query NOT LIKE 'CHECKPOINT%' ORDER BY wal_bytes DESC, calls DESC LIMIT 14",
            reader => $"| `{reader.GetString(0).Replace("|", "\\|", StringComparison.Ordinal)}` | {reader.GetInt64(1) / commits:0.##} | {reader.GetInt64(2) / commits:0.##} | {reader.GetInt64(3) / commits:0.#} | {reader.GetInt64(4) / commits:0.##} | {Convert.ToDouble(reader.GetValue(5), CultureInfo.InvariantCulture) / commits:F0} | {reader.GetInt64(6) / commits:0.#} | {reader.GetInt64(7) / commits:0.#} | {reader.GetInt64(8) / commits:0.##} | {reader.GetInt64(9) / commits:0.##} |");

        await PrintTableAsync(admin, "| table (per step commit) | inserted | updated | HOT updated | deleted |",
            $"SELECT relname, n_tup_ins, n_tup_upd, n_tup_hot_upd, n_tup_del FROM pg_stat_user_tables WHERE schemaname = '{schemaName}' AND n_tup_ins + n_tup_upd + n_tup_del > 0 ORDER BY relname",
            reader => $"| {reader.GetString(0)} | {reader.GetInt64(1) / commits:0.##} | {reader.GetInt64(2) / commits:0.##} | {reader.GetInt64(3) / commits:0.##} | {reader.GetInt64(4) / commits:0.##} |");

        if (!walInspect)
        {
            Console.WriteLine("pg_walinspect: not available on this server (PostgreSQL 15 or later with the contrib module)");
            return;
        }

        await PrintTableAsync(admin, "| WAL record type (per step commit) | records | bytes | of which full-page images |",
            $"SELECT \"resource_manager/record_type\", count, record_size + fpi_size, fpi_size FROM pg_get_wal_stats('{start}', '{end}', true) WHERE count > 0 ORDER BY record_size + fpi_size DESC",
            reader => $"| {reader.GetString(0)} | {reader.GetInt64(1) / commits:0.##} | {reader.GetInt64(2) / commits:F0} | {reader.GetInt64(3) / commits:F0} |");

        // Each record charged to the relation of its first block reference (a non-HOT update names the new and the old heap page:
        // both are the table's); TOAST tables by the table they serve.
        var byRelation = new Dictionary<string, (long Records, long Bytes, long Fpi)>(StringComparer.Ordinal);
        var names = new Dictionary<long, string>();
        await EachRowAsync(admin,
            "SELECT c.relfilenode, CASE WHEN n.nspname = 'pg_toast' THEN 'TOAST of ' || coalesce((SELECT t.relname FROM pg_class t WHERE t.reltoastrelid = c.oid), " +
            "(SELECT t.relname || ' (index)' FROM pg_class t JOIN pg_index x ON x.indrelid = t.reltoastrelid WHERE x.indexrelid = c.oid), c.relname) ELSE c.relname END " +
            $"FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relfilenode <> 0 AND n.nspname IN ('{schemaName}', 'pg_toast')", reader =>
        {
            names[Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture)] = reader.GetString(1);
        });

        await EachRowAsync(admin,
            $"SELECT coalesce(block_ref, ''), record_length, fpi_length, resource_manager FROM pg_get_wal_records_info('{start}', '{end}')", reader =>
        {
            var match = RelFileNode().Match(reader.GetString(0));
            var key = match.Success
                ? names.GetValueOrDefault(long.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture), "other relation " + match.Groups[1].Value)
                : "(no block: " + reader.GetString(3) + ")";
            var (records, bytes, fpi) = byRelation.GetValueOrDefault(key);
            byRelation[key] = (records + 1, bytes + reader.GetInt32(1), fpi + reader.GetInt32(2));
        });

        Console.WriteLine("| relation (per step commit; a record charged to its first block's relation) | records | bytes | of which full-page images |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        foreach (var (relation, (records, bytes, fpi)) in byRelation.OrderByDescending(r => r.Value.Bytes))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {relation} | {records / commits:0.##} | {bytes / commits:F0} | {fpi / commits:F0} |"));
        }
    }

    [GeneratedRegex(@"rel \d+/\d+/(\d+)")]
    private static partial Regex RelFileNode();

    private static ServiceProvider Node(string connectionString, string definitions, IPayloadProtector protector)
    {
        var services = new ServiceCollection();
        services.AddSingleton(protector);
        services.AddLoanJourneyEngine(o =>
        {
            o.Store = StoreProvider.Postgres;
            o.ConnectionString = connectionString;
            o.DefinitionsDirectory = definitions;
            o.FailOnDefinitionErrors = true;
            o.NodeId = "bench";
            o.MaxConcurrency = 1;
        });
        services.AddActivity<NoopActivity>();
        return services.BuildServiceProvider();
    }

    private static async Task ExecAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private static async Task<NpgsqlDataReader> QueryAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteReaderAsync();
    }

    /// <summary>
    /// A Markdown table: <paramref name="header"/>, its separator (the first column left-aligned, the figures right-aligned), and one
    /// line per row of <paramref name="sql"/>'s answer, written by <paramref name="row"/> with the invariant culture.
    /// </summary>
    private static async Task PrintTableAsync(NpgsqlConnection connection, string header, string sql, Func<NpgsqlDataReader, FormattableString> row)
    {
        Console.WriteLine(header);
        Console.WriteLine("| --- |" + string.Concat(Enumerable.Repeat(" ---: |", header.Count(c => c == '|') - 2)));
        await EachRowAsync(connection, sql, reader => Console.WriteLine(FormattableString.Invariant(row(reader))));
    }

    /// <summary>Runs <paramref name="sql"/> and hands each row of its answer to <paramref name="row"/>, in order.</summary>
    private static async Task EachRowAsync(NpgsqlConnection connection, string sql, Action<NpgsqlDataReader> row)
    {
        await using var reader = await QueryAsync(connection, sql);
        while (await reader.ReadAsync())
        {
            row(reader);
        }
    }
}
