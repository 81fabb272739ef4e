using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace LoanJourney.Bench;

/// <summary>
/// <c>storage</c>: bytes a finished finbox-personal-loan journey leaves in the database, per table. The server and the
/// sandbox run as processes (Release builds; <c>LJ_BENCH_BUILD_ROOT</c> selects another checkout's for a before/after),
/// <c>count</c> journeys run end to end with the sandbox's default polls, then the database is compacted and measured:
/// SQLite with <c>VACUUM INTO</c> a copy, each table's bytes (indexes included) being what a vacuumed copy without it is
/// smaller by (the bundled SQLite has no <c>dbstat</c>), PostgreSQL
/// with <c>VACUUM FULL</c> and <c>pg_total_relation_size</c> (heap, TOAST and indexes). A copy of the empty database
/// (after start-up: definitions, migrations) is measured the same way and subtracted, so the figures are what the
/// journeys added (<c>LJ_BENCH_STORAGE_KEEP=/path.db</c> keeps the measured SQLite copy, and the server's keys as <c>/path.db.keys</c>: <c>packcpu</c> reads both). It also prints where the bytes are: column lengths of the instance row and journal data by kind.
/// </summary>
internal static class StorageBench
{
    private const string WorkflowId = "finbox-personal-loan";
    private const int Window = 16;
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(20);

    public static async Task RunAsync(string root, int count, string? postgresAdmin)
    {
        var directory = Path.Combine(root, "storage");
        Directory.CreateDirectory(directory);
        await using var sandbox = await BenchProcess.StartAsync("LoanJourney.Sandbox", "sandbox/scenarios", Path.Combine(directory, "sandbox.log"),
            new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" });
        var build = BuildUnderTest.FromEnvironment(BenchProcess.RepositoryRoot).Root;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"storage: {count} {WorkflowId} journeys end to end (sandbox defaults: ProcessingPolls 2), {Window} in flight; build {build}; load average {Latencies.LoadAverage()}"));

        await SqliteAsync(directory, sandbox.BaseAddress, count);
        if (postgresAdmin is not null)
        {
            await PostgresAsync(directory, sandbox.BaseAddress, count, postgresAdmin);
        }
    }

    private static async Task SqliteAsync(string directory, Uri sandbox, int count)
    {
        var sqlite = Path.Combine(directory, "sqlite");
        Directory.CreateDirectory(sqlite);
        var environment = ServerEnv(sqlite, sandbox);
        var database = Path.Combine(sqlite, "server.db");
        Dictionary<string, long> empty;
        if (System.Environment.GetEnvironmentVariable("LJ_BENCH_STORAGE_PACKAFTER") == "1")
        {
            // Round 45: the journeys with packing held off, then a fresh server that only packs them: its CPU is the packing's.
            var held = new Dictionary<string, string>(environment) { ["Engine__JournalCompactionDelay"] = "7.00:00:00" };
            await using (var server = await BenchProcess.StartAsync("LoanJourney.Server", "health/ready", Path.Combine(sqlite, "server.log"), held))
            {
                empty = SqliteSizes(database, Path.Combine(sqlite, "empty.db"));
                var cpu = server.CpuTime();
                await RunJourneysAsync(server.BaseAddress, count);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"server CPU of the journeys, packing held off: {(server.CpuTime() - cpu).TotalMilliseconds / count:F1} ms per journey; {SqliteQueued(database).Result} journals queued"));
            }

            await using (var server = await BenchProcess.StartAsync("LoanJourney.Server", "health/ready", Path.Combine(sqlite, "server-pack.log"), environment))
            {
                var cpu = server.CpuTime();
                await WaitPackedAsync(() => SqliteQueued(database));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"server CPU of the packing alone (a fresh server, from ready to the last journal packed): {(server.CpuTime() - cpu).TotalMilliseconds / count:F2} ms per journey; load average {Latencies.LoadAverage()}"));
            }
        }
        else
        {
            await using var server = await BenchProcess.StartAsync("LoanJourney.Server", "health/ready", Path.Combine(sqlite, "server.log"), environment);
            empty = SqliteSizes(database, Path.Combine(sqlite, "empty.db"));
            var cpu = server.CpuTime();
            await RunJourneysAsync(server.BaseAddress, count);
            await WaitPackedAsync(() => SqliteQueued(database));
            PrintCpu(server.CpuTime() - cpu, count);
        }

        var full = SqliteSizes(database, Path.Combine(sqlite, "full.db"));
        if (System.Environment.GetEnvironmentVariable("LJ_BENCH_STORAGE_KEEP") is { Length: > 0 } keep)
        {
            File.Copy(Path.Combine(sqlite, "full.db"), keep, overwrite: true);

            // The server's Data Protection keys beside it, so that `packcpu` can unpack the packed payloads.
            Directory.CreateDirectory(keep + ".keys");
            foreach (var key in Directory.GetFiles(Path.Combine(sqlite, "keys")))
            {
                File.Copy(key, Path.Combine(keep + ".keys", Path.GetFileName(key)), overwrite: true);
            }
        }

        Print("SQLite (VACUUM INTO a copy; a table's bytes, its indexes included: what a vacuumed copy without it is smaller by)", full, empty, count);
        await using var c = new SqliteConnection($"Data Source={Path.Combine(sqlite, "full.db")};Pooling=False");
        await c.OpenAsync();
        Breakdown(c, count, "length");
    }

    private static async Task PostgresAsync(string directory, Uri sandbox, int count, string adminConnectionString)
    {
        var name = "lj_storage_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(adminConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name }.ConnectionString;
        try
        {
            var pg = Path.Combine(directory, "postgres");
            Directory.CreateDirectory(pg);
            var environment = ServerEnv(pg, sandbox);
            environment["Storage__Provider"] = "Postgres";
            environment["ConnectionStrings__LoanJourney"] = connectionString;
            Dictionary<string, long> empty;
            await using (var server = await BenchProcess.StartAsync("LoanJourney.Server", "health/ready", Path.Combine(pg, "server.log"), environment))
            {
                empty = await PostgresSizesAsync(connectionString);
                var cpu = server.CpuTime();
                await RunJourneysAsync(server.BaseAddress, count);
                await WaitPackedAsync(() => PostgresQueuedAsync(connectionString));
                PrintCpu(server.CpuTime() - cpu, count);
            }

            var full = await PostgresSizesAsync(connectionString);
            Print("PostgreSQL (VACUUM FULL; pg_total_relation_size: heap, TOAST and indexes)", full, empty, count);
            await using var c = new NpgsqlConnection(connectionString);
            await c.OpenAsync();
            Breakdown(c, count, "octet_length");
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(adminConnectionString);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }

    // Journals are packed as soon as a journey finishes (the default waits 10 minutes); older builds ignore the settings.
    private static Dictionary<string, string> ServerEnv(string directory, Uri sandbox)
    {
        var environment = ServerEnvironment.For(directory, "NORMAL", sandbox);
        environment["Engine__PollInterval"] = "00:00:00.020";
        environment["Engine__JournalCompactionDelay"] = "00:00:00";
        environment["Engine__JournalCompactionInterval"] = "00:00:00.500";
        return environment;
    }

    private static void PrintCpu(TimeSpan cpu, int count) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"server CPU from the first start to the last journal packed: {cpu.TotalMilliseconds / count:F1} ms per journey; load average {Latencies.LoadAverage()}"));

    // Until the compactor's queue is empty (null: a build without one).
    private static async Task WaitPackedAsync(Func<Task<long?>> queued)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (await queued() is > 0)
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(5))
            {
                throw new InvalidOperationException("the journal compactor did not empty its queue within 5 minutes");
            }

            await Task.Delay(100);
        }
    }

    private static Task<long?> SqliteQueued(string database)
    {
        using var c = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        c.Open();
        using var command = c.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE name = 'journal_compaction_queue'";
        if ((long)command.ExecuteScalar()! == 0)
        {
            return Task.FromResult<long?>(null);
        }

        command.CommandText = "SELECT COUNT(*) FROM journal_compaction_queue";
        return Task.FromResult<long?>((long)command.ExecuteScalar()!);
    }

    private static async Task<long?> PostgresQueuedAsync(string connectionString)
    {
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT to_regclass('journal_compaction_queue') IS NOT NULL", c);
        if (!(bool)(await command.ExecuteScalarAsync())!)
        {
            return null;
        }

        command.CommandText = "SELECT COUNT(*) FROM journal_compaction_queue";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task RunJourneysAsync(Uri server, int count)
    {
        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Add("X-Api-Key", ServerEnvironment.ApiKey);
        var result = await LoadRunner.RunAsync(count, Window, Limit, async _ =>
        {
            var (input, _, _) = Samples.Prism(WorkflowId);
            using var response = await http.PostAsJsonAsync(new Uri($"api/workflows/{WorkflowId}/instances", UriKind.Relative), input);
            response.EnsureSuccessStatusCode();
            var id = (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
            while (true)
            {
                var instance = await http.GetFromJsonAsync<JsonObject>(new Uri($"api/instances/{id}", UriKind.Relative));
                var status = instance!["status"]!.GetValue<string>();
                if (status is "Completed" or "Faulted" or "Cancelled")
                {
                    return status == "Completed" && instance["outcome"]?.GetValue<string>() == "Disbursed";
                }

                await Task.Delay(50);
            }
        });
        if (result.Failed > 0 || result.Completed != count)
        {
            throw new InvalidOperationException($"{result.Completed} of {count} journeys were disbursed ({result.Failed} failed)");
        }
    }

    // Bytes of each table, its indexes included, in a vacuumed copy of the live database (the server may be running). The
    // bundled SQLite has no dbstat table, so each table's share is what a vacuumed copy without it is smaller by.
    private static Dictionary<string, long> SqliteSizes(string database, string copy)
    {
        using (var c = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False"))
        {
            c.Open();
            Execute(c, "VACUUM INTO $copy", copy);
        }

        var sizes = new Dictionary<string, long>();
        var whole = SqliteBytes(copy);
        List<string> tables;
        using (var c = new SqliteConnection($"Data Source={copy};Mode=ReadOnly;Pooling=False"))
        {
            c.Open();
            using var command = c.CreateCommand();
            command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
            using var reader = command.ExecuteReader();
            tables = [];
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var without = copy + ".without";
        foreach (var table in tables)
        {
            File.Copy(copy, without, overwrite: true);
            using (var c = new SqliteConnection($"Data Source={without};Pooling=False"))
            {
                c.Open();
                Execute(c, $"DROP TABLE \"{table}\"", null);
                Execute(c, "VACUUM", null);
            }

            sizes[table] = whole - SqliteBytes(without);
        }

        File.Delete(without);
        sizes["(schema and free pages)"] = whole - sizes.Values.Sum();
        return sizes;
    }

    private static long SqliteBytes(string file)
    {
        using var c = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        c.Open();
        using var command = c.CreateCommand();
        command.CommandText = "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()";
        return (long)command.ExecuteScalar()!;
    }

    private static void Execute(SqliteConnection c, string sql, string? copy)
    {
        using var command = c.CreateCommand();
        command.CommandText = sql;
        if (copy is not null)
        {
            command.Parameters.AddWithValue("$copy", copy);
        }

        command.ExecuteNonQuery();
    }

    private static async Task<Dictionary<string, long>> PostgresSizesAsync(string connectionString)
    {
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync();
        await using (var vacuum = new NpgsqlCommand("VACUUM FULL", c) { CommandTimeout = 600 })
        {
            await vacuum.ExecuteNonQueryAsync();
        }

        await using var command = new NpgsqlCommand(
            "SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace " +
            "WHERE c.relkind = 'r' AND n.nspname = current_schema()", c);
        var sizes = new Dictionary<string, long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            sizes[reader.GetString(0)] = reader.GetInt64(1);
        }

        return sizes;
    }

    private static void Print(string title, Dictionary<string, long> full, Dictionary<string, long> empty, int count)
    {
        Console.WriteLine();
        Console.WriteLine($"{title}; bytes added by {count} journeys, per journey:");
        Console.WriteLine("| table | bytes per journey |");
        Console.WriteLine("| --- | ---: |");
        long total = 0;
        foreach (var (table, size) in full.OrderByDescending(t => t.Value - empty.GetValueOrDefault(t.Key)))
        {
            var added = size - empty.GetValueOrDefault(table);
            total += added;
            if (added != 0)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {table} | {(double)added / count:F0} |"));
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| **total** | **{(double)total / count:F0}** |"));
    }

    // Where the bytes are: stored lengths of the instance row's columns and of the journal's data per kind, per journey.
    private static void Breakdown(System.Data.Common.DbConnection c, int count, string length)
    {
        string[] columns = ["input_json", "variables_json", "outputs_json", "history_json", "step_state_json", "pending_stimulus_json"];
        using (var command = c.CreateCommand())
        {
            command.CommandText = "SELECT " + string.Join(", ", columns.Select(col => $"COALESCE(SUM({length}({col})), 0)")) + " FROM instances";
            using var reader = command.ExecuteReader();
            reader.Read();
            Console.WriteLine("instances columns, stored bytes per journey: " + string.Join(", ",
                columns.Select((col, i) => string.Create(CultureInfo.InvariantCulture, $"{col} {(double)Convert.ToInt64(reader.GetValue(i), CultureInfo.InvariantCulture) / count:F0}"))));
        }

        using (var command = c.CreateCommand())
        {
            command.CommandText = "SELECT COUNT(*) FROM " + (length == "length" ? "sqlite_master WHERE name = 'journal_archive'" : "pg_class WHERE relname = 'journal_archive'");
            if (Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) > 0)
            {
                command.CommandText = $"SELECT COUNT(*), COALESCE(SUM(entries), 0), COALESCE(SUM({length}(entries_z)), 0), COALESCE(SUM({length}(data_z)), 0) FROM journal_archive";
                using var reader = command.ExecuteReader();
                reader.Read();
                double Per(int i) => Convert.ToDouble(reader.GetValue(i), CultureInfo.InvariantCulture) / count;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"journal_archive per journey: {Per(0):F2} rows, {Per(1):F1} entries packed, entries_z {Per(2):F0} bytes, data_z {Per(3):F0} bytes"));
            }
        }

        using (var command = c.CreateCommand())
        {
            command.CommandText = $"SELECT kind, COUNT(*), COALESCE(SUM({length}(data_json)), 0) FROM journal GROUP BY kind ORDER BY 3 DESC";
            using var reader = command.ExecuteReader();
            Console.WriteLine("| journal rows (not packed), kind | entries per journey | data bytes per journey |");
            Console.WriteLine("| --- | ---: | ---: |");
            while (reader.Read())
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {reader.GetString(0)} | {Convert.ToDouble(reader.GetValue(1), CultureInfo.InvariantCulture) / count:F1} | {Convert.ToDouble(reader.GetValue(2), CultureInfo.InvariantCulture) / count:F0} |"));
            }
        }
    }
}
