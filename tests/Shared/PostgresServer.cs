using System.Diagnostics;
using Npgsql;

namespace LoanJourney.TestSupport;

/// <summary>
/// A real PostgreSQL server from the machine image, started once per test run in a temporary directory on a free port
/// and shared by the PostgreSQL test classes (collection fixture). <c>fsync=off</c> is for tests only: a crash of the test
/// server may lose data, which no test relies on. <see cref="Durable"/> keeps PostgreSQL's default durability instead
/// (<c>fsync</c> and <c>synchronous_commit</c> on), for tests that stop the server mid-run and count effects afterwards.
/// Missing binaries fail the tests; they are never skipped.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "lj-pg-" + Guid.NewGuid().ToString("N"));
    private string _bin = "";

    public int Port { get; private set; }

    /// <summary>PostgreSQL's default durability (every commit flushed) instead of the fast test settings.</summary>
    public bool Durable { get; init; }

    public string DataDirectory => Path.Combine(_root, "data");

    /// <summary>Connection string of the <c>postgres</c> database (for administration).</summary>
    public string AdminConnectionString => ConnectionString("postgres");

    public string ConnectionString(string database, string? searchPath = null) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = database,
        SearchPath = searchPath,
        Timeout = 5,
        CommandTimeout = 30,
        MaxPoolSize = 20,
    }.ConnectionString;

    public async Task InitializeAsync()
    {
        _bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb"))).Order().LastOrDefault() ?? ""
            : "";
        if (_bin.Length == 0)
        {
            throw new InvalidOperationException("PostgreSQL server binaries are missing (/usr/lib/postgresql/*/bin/initdb); run eng/install-prereqs.sh.");
        }

        Directory.CreateDirectory(_root);
        if (Environment.UserName == "root")
        {
            // initdb refuses to run as root: the server runs as the postgres OS user, which owns the directory.
            await RunAsync("chown", ["-R", "postgres:postgres", _root], asPostgres: false);
        }

        await RunAsync(Path.Combine(_bin, "initdb"), ["-D", DataDirectory, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"]);
        await StartOnAFreePortAsync();
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand("CREATE DATABASE loanjourney_tests", connection);
        await create.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// The port is chosen before PostgreSQL binds it, so another process on the machine can take it in between (a suite
    /// running beside this one): PostgreSQL then logs "could not bind … Address already in use" and pg_ctl fails. The start is
    /// tried again on another port, at most <see cref="PortAttempts"/> times; any other failure is reported at once.
    /// </summary>
    private async Task StartOnAFreePortAsync()
    {
        var log = Path.Combine(_root, "server.log");
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort.Next();
            var logged = File.Exists(log) ? new FileInfo(log).Length : 0;
            try
            {
                await StartAsync();
                return;
            }
            catch (InvalidOperationException) when (attempt < PortAttempts && LoggedSince(log, logged).Contains("Address already in use", StringComparison.Ordinal))
            {
                // Taken between FreePort.Next() and the bind: another port.
            }
        }
    }

    private const int PortAttempts = 3;

    private static string LoggedSince(string log, long offset)
    {
        using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(offset, SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Starts the server (again) on the same port and data, and waits until it accepts connections.</summary>
    public async Task StartAsync()
    {
        await RunAsync(Path.Combine(_bin, "pg_ctl"),
        [
            "-D", DataDirectory, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "180", "start",
            "-o", $"-k {_root} -c listen_addresses=127.0.0.1 -p {Port} -c max_connections=300"
                + (Durable ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"),
        ]);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(180));
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(AdminConnectionString);
                await connection.OpenAsync(deadline.Token);
                return;
            }
            catch (NpgsqlException) when (!deadline.IsCancellationRequested)
            {
                await Task.Delay(50, deadline.Token);
            }
        }
    }

    /// <summary>Stops the server: <c>fast</c> disconnects every client at once, as a database outage does.</summary>
    public async Task StopAsync(string mode = "fast")
    {
        await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", DataDirectory, "-m", mode, "-w", "-t", "60", "stop"]);
        // The fixture's own pooled connections died with the server (the engine's stores recover by themselves).
        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>A fresh, empty schema in the test database; the connection string makes it the search path.</summary>
    public async Task<string> CreateSchemaAsync()
    {
        var schema = "t_" + Guid.NewGuid().ToString("N");
        await using var connection = new NpgsqlConnection(ConnectionString("loanjourney_tests"));
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
        await create.ExecuteNonQueryAsync();
        return ConnectionString("loanjourney_tests", schema);
    }

    /// <summary>
    /// A login role that must give its password over TCP (<c>scram-sha-256</c>, a <c>pg_hba.conf</c> line ahead of the
    /// test server's <c>trust</c>), so a wrong one is refused with <c>28P01</c>; every other role stays trusted.
    /// </summary>
    public async Task CreatePasswordRoleAsync(string role, string password)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand($"CREATE ROLE {role} LOGIN PASSWORD '{password}'", connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        // The line goes first (pg_hba.conf is read top-down); the reload applies it to the connections opened after it.
        var hba = Path.Combine(DataDirectory, "pg_hba.conf");
        await File.WriteAllTextAsync(hba, $"host all {role} 127.0.0.1/32 scram-sha-256\n" + await File.ReadAllTextAsync(hba));
        await using var reload = new NpgsqlCommand("SELECT pg_reload_conf()", connection);
        await reload.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// A database of its own whose default collation is ICU's <paramref name="icuLocale"/> (<c>en-US</c>: a linguistic
    /// collation, as a database created with the machine's locale has), for what must not depend on it; the server's own
    /// databases are C. Dropped with <see cref="DropDatabaseAsync"/>.
    /// </summary>
    public async Task<string> CreateIcuDatabaseAsync(string icuLocale)
    {
        var name = "icu_" + Guid.NewGuid().ToString("N");
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand(
            $"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE '{icuLocale}' LOCALE 'C'", connection);
        await create.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public async Task DropDatabaseAsync(string connectionString)
    {
        await using (var pooled = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    public async Task DropSchemaAsync(string connectionString)
    {
        var schema = new NpgsqlConnectionStringBuilder(connectionString).SearchPath!;
        await using var connection = new NpgsqlConnection(ConnectionString("loanjourney_tests"));
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE", connection);
        await drop.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await StopAsync("immediate");
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A temp dir left behind is harmless.
        }
    }

    private static async Task RunAsync(string file, IReadOnlyList<string> arguments, bool asPostgres = true)
    {
        var info = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (asPostgres && Environment.UserName == "root")
        {
            info.FileName = "runuser";
            foreach (var argument in (string[])["-u", "postgres", "--", file, .. arguments])
            {
                info.ArgumentList.Add(argument);
            }
        }
        else
        {
            info.FileName = file;
            foreach (var argument in arguments)
            {
                info.ArgumentList.Add(argument);
            }
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(deadline.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await output}{await error}");
        }
    }
}
