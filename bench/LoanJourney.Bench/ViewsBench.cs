using System.Diagnostics;
using System.Globalization;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage;
using LoanJourney.Engine.Storage.Postgres;
using LoanJourney.Engine.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace LoanJourney.Bench;

/// <summary>
/// The operator views with a history of N personal-loan journeys: the funnel and the instance list (first page with its
/// total and counts by status) under every filter, each timed through the store next to the raw query of the same
/// answer (the funnel from every history, the counts by COUNT(*) over the rows) on the same database.
/// Seeding: direct SQL in one transaction (SQLite: one prepared INSERT per row; PostgreSQL: binary COPY), with the
/// store's triggers keeping the aggregates as they would for the engine's own inserts.
/// </summary>
internal static class ViewsBench
{
    private const int Repeats = 5;
    private static readonly string[] SqliteParameters = ["$id", "$status", "$outcome", "$correlation", "$input", "$outputs", "$history", "$current", "$created", "$updated"];

    public static async Task RunAsync(string root, int journeys, string? postgres)
    {
        var now = TimeProvider.System.GetUtcNow();
        var seeded = new HistoryJourneys(journeys, now);
        var seed = Stopwatch.StartNew();
        double? insertSeconds = null;
        IWorkflowStore store;
        Func<InstanceQuery, Task<InstanceList>> rawList;
        Func<Task<FunnelCounts>> rawFunnel;
        string where;
        if (postgres is null)
        {
            // LJ_BENCH_VIEWS_DB keeps the seeded file for the next run (seeding a million journeys takes minutes).
            var db = Environment.GetEnvironmentVariable("LJ_BENCH_VIEWS_DB") is { Length: > 0 } kept ? kept : Path.Combine(root, "views.db");
            var exists = File.Exists(db);
            var sqlite = new SqliteWorkflowStore(new SqliteStoreOptions { DatabasePath = db }, TimeProvider.System);
            if (!exists)
            {
                // History first, then the operator-view migrations back-fill their aggregates and indexes from it (an
                // upgrade of a store with history); the triggers they create keep them from then on.
                await sqlite.InitializeUpToAsync(LastMigrationBeforeViews);
                SeedSqlite(db, seeded);
                insertSeconds = seed.Elapsed.TotalSeconds;
            }

            await sqlite.InitializeAsync(default);

            store = sqlite;
            rawList = q => sqlite.ListInstancesAsync(q, fromAggregates: false);
            rawFunnel = () => sqlite.GetFunnelFromHistoryAsync(HistoryJourneys.WorkflowId, "Rejected");
            where = string.Create(CultureInfo.InvariantCulture, $"SQLite file {new FileInfo(db).Length / 1048576.0:F0} MB");
        }
        else
        {
            // LJ_BENCH_VIEWS_DB names a schema to keep and reuse; otherwise a new one.
            var kept = Environment.GetEnvironmentVariable("LJ_BENCH_VIEWS_DB") is { Length: > 0 } name ? name : null;
            var schema = kept is not null && await SchemaExistsAsync(postgres, kept)
                ? new NpgsqlConnectionStringBuilder(postgres) { SearchPath = kept }.ConnectionString
                : null;
            var pg = new PostgresWorkflowStore(new PostgresStoreOptions { ConnectionString = schema ?? postgres }, TimeProvider.System);
            if (schema is null)
            {
                schema = await ScaleBench.CreateSchemaAsync(postgres, kept ?? $"bench_views_{Guid.NewGuid():N}");
                pg = new PostgresWorkflowStore(new PostgresStoreOptions { ConnectionString = schema }, TimeProvider.System);
                await pg.InitializeUpToAsync(LastMigrationBeforeViews, default);
                await SeedPostgresAsync(schema, seeded);
                insertSeconds = seed.Elapsed.TotalSeconds;
                await pg.InitializeAsync(default);
                await using var connection = new NpgsqlConnection(schema);
                await connection.OpenAsync();
                // What autovacuum does to a table after a bulk load: statistics, and the visibility map that lets the
                // counts by index (the funnel's journeys waiting now, a date range) read the index alone.
                await using var analyze = new NpgsqlCommand("VACUUM ANALYZE", connection) { CommandTimeout = 0 };
                await analyze.ExecuteNonQueryAsync();
            }
            else
            {
                var before = (await pg.GetAppliedMigrationsAsync()).Count;
                await pg.InitializeAsync(default);
                if ((await pg.GetAppliedMigrationsAsync()).Count != before)
                {
                    // An upgrade of a kept schema (a migration rewrote or filled the table): what autovacuum does next.
                    await using var connection = new NpgsqlConnection(schema);
                    await connection.OpenAsync();
                    await using var analyze = new NpgsqlCommand("VACUUM ANALYZE", connection) { CommandTimeout = 0 };
                    await analyze.ExecuteNonQueryAsync();
                }
            }
            store = pg;
            rawList = q => pg.ListInstancesAsync(q, fromAggregates: false, default);
            rawFunnel = () => pg.GetFunnelFromHistoryAsync(HistoryJourneys.WorkflowId, "Rejected", default);
            where = "PostgreSQL schema " + schema.Split("Search Path=", StringSplitOptions.None).LastOrDefault();
        }

        var seeding = insertSeconds is { } inserted
            ? string.Create(CultureInfo.InvariantCulture, $"seeded in {seed.Elapsed.TotalSeconds:F1} s (rows {inserted:F1} s, {journeys / inserted:F0}/s; then migrations {LastMigrationBeforeViews + 1:D4}+ back-filled the aggregates and indexes in {seed.Elapsed.TotalSeconds - inserted:F1} s)")
            : string.Create(CultureInfo.InvariantCulture, $"reused (kept from an earlier run, opened in {seed.Elapsed.TotalSeconds:F1} s)");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"views: {journeys:N0} finbox-personal-loan journeys {seeding}, {where}; nproc {Environment.ProcessorCount}, load average {Latencies.LoadAverage()}"));
        Console.WriteLine($"each view: {Repeats} calls through the store after one warm-up (p50 / max), then the raw query of the same answer once");
        Console.WriteLine("| view | store p50 / max ms | raw same answer ms | same answer |");
        Console.WriteLine("| --- | ---: | ---: | --- |");

        var (funnelTimes, funnel) = await TimeAsync(() => store.GetFunnelAsync(HistoryJourneys.WorkflowId, "Rejected", default));
        if (Environment.GetEnvironmentVariable("LJ_BENCH_VIEWS_RAW_FUNNEL") == "0")
        {
            // The raw funnel reads every history (minutes at a million journeys); a repeat run on a kept database may skip it.
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| GET /api/dashboard/funnel (store part) | {funnelTimes.Percentile(50):F1} / {funnelTimes.Percentile(100):F1} | not run (LJ_BENCH_VIEWS_RAW_FUNNEL=0) | total {funnel.Total:N0} |"));
        }
        else
        {
            var (rawFunnelMs, expected) = await TimeOnceAsync(rawFunnel);
            Console.WriteLine(Row("GET /api/dashboard/funnel (store part)", funnelTimes, rawFunnelMs, SameFunnel(expected, funnel)));
        }

        var day = now.AddDays(-30);
        var views = new (string Name, InstanceQuery Query)[]
        {
            ("list, first page + counts (default)", new InstanceQuery()),
            ("workflowId", new InstanceQuery { WorkflowId = HistoryJourneys.WorkflowId }),
            ("status=Completed", new InstanceQuery { Status = WorkflowStatus.Completed }),
            ("status=Waiting,Faulted", new InstanceQuery { Statuses = [WorkflowStatus.Waiting, WorkflowStatus.Faulted] }),
            ("outcome=Rejected", new InstanceQuery { Outcome = "Rejected" }),
            ("workflowId+status=Completed+outcome=Disbursed", new InstanceQuery { WorkflowId = HistoryJourneys.WorkflowId, Status = WorkflowStatus.Completed, Outcome = "Disbursed" }),
            ("version=2", new InstanceQuery { WorkflowVersion = 2 }),
            ("workflowId+version=2+status=Waiting", new InstanceQuery { WorkflowId = HistoryJourneys.WorkflowId, WorkflowVersion = 2, Status = WorkflowStatus.Waiting }),
            ("version=1 (no journeys)", new InstanceQuery { WorkflowVersion = 1 }),
            ("correlationId", new InstanceQuery { CorrelationId = "CUST-" + (journeys / 2).ToString("D8", CultureInfo.InvariantCulture) }),
            ("createdFrom..createdTo (one day)", new InstanceQuery { CreatedFrom = day, CreatedTo = day.AddDays(1) }),
            ("updatedFrom (last day)", new InstanceQuery { UpdatedFrom = now.AddDays(-1) }),
            ("hasIncident=true", new InstanceQuery { HasIncident = true }),
            ("hasIncident=false", new InstanceQuery { HasIncident = false }),
            ("updatedFrom..updatedTo (one day, 30 days ago)", new InstanceQuery { UpdatedFrom = day, UpdatedTo = day.AddDays(1) }),
            ("workflowId+createdFrom..createdTo (one day)", new InstanceQuery { WorkflowId = HistoryJourneys.WorkflowId, CreatedFrom = day, CreatedTo = day.AddDays(1) }),
            ("waitingSinceBefore (stuck > 1 h)", new InstanceQuery { WaitingSinceBefore = now.AddHours(-1) }),
            // Session 48: the journeys waiting out an open breaker, by the deferral timers' key (ix_bookmarks_key).
            ("deferredOn=FinBoxPrism", new InstanceQuery { DeferredOn = "FinBoxPrism" }),
            ("workflowId+deferredOn=any", new InstanceQuery { WorkflowId = HistoryJourneys.WorkflowId, DeferredOn = InstanceQuery.AnyDeferral }),
            ("sort=updatedAt asc", new InstanceQuery { Sort = InstanceSortField.UpdatedAt, Descending = false }),
            ("page 20 (skip 1000)", new InstanceQuery { Skip = 1000 }),
        };
        // Keyset paging (migration 0020's round): the page after the 1,000th journey by its cursor, as the API's "next".
        var thousandth = (await store.ListInstancesAsync(new InstanceQuery { Skip = 999, Take = 1 }, default)).Items;
        var pages = thousandth.Count == 0 ? views : views.Append(("page 21 by cursor (after the 1,000th)",
            new InstanceQuery { After = InstanceCursor.After(thousandth[0], InstanceSortField.CreatedAt) })).ToArray();
        foreach (var (name, query) in pages)
        {
            var (times, list) = await TimeAsync(() => store.ListInstancesAsync(query, default));
            if (Environment.GetEnvironmentVariable("LJ_BENCH_VIEWS_RAW") == "0")
            {
                // The raw answers read the whole file (minutes at a million journeys on SQLite); a repeat run may skip them.
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| GET /api/instances {name} | {times.Percentile(50):F1} / {times.Percentile(100):F1} | not run (LJ_BENCH_VIEWS_RAW=0) | total {list.Total:N0} |"));
                continue;
            }

            var (rawMs, counted) = await TimeOnceAsync(() => rawList(query));
            var same = list.Total == counted.Total && list.CountsByStatus.OrderBy(c => c.Key).SequenceEqual(counted.CountsByStatus.OrderBy(c => c.Key))
                && list.Items.Select(i => i.Id).SequenceEqual(counted.Items.Select(i => i.Id));
            Console.WriteLine(Row("GET /api/instances " + name, times, rawMs, same ? string.Create(CultureInfo.InvariantCulture, $"yes (total {list.Total:N0})") : "NO"));
        }

        Console.WriteLine($"load average at the end: {Latencies.LoadAverage()}");
        (store as IDisposable)?.Dispose();
    }

    private static string Row(string name, Latencies times, double rawMs, string same) =>
        string.Create(CultureInfo.InvariantCulture, $"| {name} | {times.Percentile(50):F1} / {times.Percentile(100):F1} | {rawMs:F1} | {same} |");

    private static string SameFunnel(
        FunnelCounts expected,
        FunnelCounts actual)
    {
        var byStep = actual.Steps.ToDictionary(s => s.StepId, StringComparer.Ordinal);
        var counts = expected.Total == actual.Total && expected.Steps.Count == actual.Steps.Count
            && expected.Outcomes.OrderBy(o => o.Key).SequenceEqual(actual.Outcomes.OrderBy(o => o.Key))
            && expected.Steps.All(e => byStep.TryGetValue(e.StepId, out var a) && (e.Reached, e.Completed, e.Waiting, e.Faulted, e.Rejected) == (a.Reached, a.Completed, a.Waiting, a.Faulted, a.Rejected));
        var worst = expected.Steps.Where(e => e.MedianDurationMs is > 0).Select(e => Math.Abs((byStep[e.StepId].MedianDurationMs ?? 0) - e.MedianDurationMs!.Value) / e.MedianDurationMs.Value).DefaultIfEmpty().Max();
        return counts ? string.Create(CultureInfo.InvariantCulture, $"counts yes (total {actual.Total:N0}); medians within {worst * 100:F2} %") : "NO";
    }

    private static async Task<(Latencies Times, T Last)> TimeAsync<T>(Func<Task<T>> call)
    {
        var last = await call();
        var times = new Latencies();
        for (var i = 0; i < Repeats; i++)
        {
            var watch = Stopwatch.StartNew();
            last = await call();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        return (times, last);
    }

    private static async Task<(double Ms, T Result)> TimeOnceAsync<T>(Func<Task<T>> call)
    {
        var watch = Stopwatch.StartNew();
        var result = await call();
        return (watch.Elapsed.TotalMilliseconds, result);
    }

    // The last migration before the operator views' (0017, 0018): seeding goes in before them.
    private const long LastMigrationBeforeViews = 16;

    private static async Task<bool> SchemaExistsAsync(string connectionString, string schema)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var exists = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = @schema)", connection);
        exists.Parameters.AddWithValue("schema", schema);
        return (bool)(await exists.ExecuteScalarAsync())!;
    }

    private const string InsertColumns =
        "id, workflow_id, workflow_version, status, outcome, correlation_id, input_json, variables_json, outputs_json, history_json, current_step, attempt, " +
        "version, created_at, updated_at";

    private static void SeedSqlite(string db, HistoryJourneys journeys)
    {
        using var connection = new SqliteConnection($"Data Source={db};Pooling=False");
        connection.Open();
        using (var cache = connection.CreateCommand())
        {
            // A 1 GB page cache for the one big transaction (the indexes' pages stay in memory instead of spilling).
            cache.CommandText = "PRAGMA cache_size = -1048576";
            cache.ExecuteNonQuery();
        }

        using var tx = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = $"INSERT INTO instances ({InsertColumns}) VALUES ($id, '{HistoryJourneys.WorkflowId}', 2, $status, $outcome, $correlation, $input, '{{}}', $outputs, $history, $current, 1, 3, $created, $updated)";
        var p = SqliteParameters.Select(name => insert.Parameters.Add(name, SqliteType.Text)).ToArray();
        p[8].SqliteType = SqliteType.Integer;
        p[9].SqliteType = SqliteType.Integer;
        using var incident = connection.CreateCommand();
        incident.Transaction = tx;
        incident.CommandText = "INSERT INTO incidents (id, instance_id, step_id, error_kind, message, attempts, created_at) VALUES ('inc-' || $id, $id, 'banking', 'Retryable', 'seeded', 3, $at)";
        var incidentId = incident.Parameters.Add("$id", SqliteType.Text);
        var incidentAt = incident.Parameters.Add("$at", SqliteType.Integer);
        insert.Prepare();
        incident.Prepare();
        for (var n = 0; n < journeys.Count; n++)
        {
            var row = journeys.Row(n);
            object?[] values = [row.Id, row.Status, row.Outcome, row.CorrelationId, row.Input, row.Outputs, row.History, row.CurrentStep, row.CreatedAt, row.UpdatedAt];
            for (var i = 0; i < values.Length; i++)
            {
                p[i].Value = values[i] ?? DBNull.Value;
            }

            insert.ExecuteNonQuery();
            if (row.Incident)
            {
                incidentId.Value = row.Id;
                incidentAt.Value = row.UpdatedAt;
                incident.ExecuteNonQuery();
            }
        }

        tx.Commit();
    }

    private static async Task SeedPostgresAsync(string connectionString, HistoryJourneys journeys)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var incidents = new List<(string Id, long At)>();
        await using (var copy = await connection.BeginBinaryImportAsync($"COPY instances ({InsertColumns}) FROM STDIN (FORMAT BINARY)"))
        {
            for (var n = 0; n < journeys.Count; n++)
            {
                var row = journeys.Row(n);
                await copy.StartRowAsync();
                await copy.WriteAsync(row.Id, NpgsqlDbType.Text);
                await copy.WriteAsync(HistoryJourneys.WorkflowId, NpgsqlDbType.Text);
                await copy.WriteAsync(2L, NpgsqlDbType.Bigint);
                await copy.WriteAsync(row.Status, NpgsqlDbType.Text);
                await WriteNullableAsync(copy, row.Outcome);
                await WriteNullableAsync(copy, row.CorrelationId);
                await copy.WriteAsync(row.Input, NpgsqlDbType.Text);
                await copy.WriteAsync("{}", NpgsqlDbType.Text);
                await copy.WriteAsync(row.Outputs, NpgsqlDbType.Text);
                await copy.WriteAsync(row.History, NpgsqlDbType.Text);
                await WriteNullableAsync(copy, row.CurrentStep);
                await copy.WriteAsync(1L, NpgsqlDbType.Bigint);
                await copy.WriteAsync(3L, NpgsqlDbType.Bigint);
                await copy.WriteAsync(row.CreatedAt, NpgsqlDbType.Bigint);
                await copy.WriteAsync(row.UpdatedAt, NpgsqlDbType.Bigint);
                if (row.Incident)
                {
                    incidents.Add((row.Id, row.UpdatedAt));
                }
            }

            await copy.CompleteAsync();
        }

        await using (var insert = new NpgsqlCommand(
            "INSERT INTO incidents (id, instance_id, step_id, error_kind, message, attempts, created_at) " +
            "SELECT 'inc-' || i, i, 'banking', 'Retryable', 'seeded', 3, a FROM unnest(@ids, @ats) AS t(i, a)", connection, tx))
        {
            insert.Parameters.AddWithValue("ids", incidents.Select(i => i.Id).ToArray());
            insert.Parameters.AddWithValue("ats", incidents.Select(i => i.At).ToArray());
            await insert.ExecuteNonQueryAsync();
        }

        await tx.CommitAsync();
    }

    private static async Task WriteNullableAsync(NpgsqlBinaryImporter copy, string? value)
    {
        if (value is null)
        {
            await copy.WriteNullAsync();
        }
        else
        {
            await copy.WriteAsync(value, NpgsqlDbType.Text);
        }
    }
}
