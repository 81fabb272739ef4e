using System.Globalization;
using Npgsql;

namespace LoanJourney.Bench;

/// <summary>
/// What the PostgreSQL server does during a measured run, seen from the same machine: the CPU of the server's processes
/// (the postmaster, its live children and the children it has reaped, from /proc) and its client sessions' wait events
/// sampled from <c>pg_stat_activity</c> every 100 ms. The server must run on this machine (its pid is read from a
/// backend's parent).
/// </summary>
internal sealed class PgProbe : IAsyncDisposable
{
    private static readonly TimeSpan SampleEvery = TimeSpan.FromMilliseconds(100);
    private readonly NpgsqlConnection _connection;
    private readonly int _postmaster;
    private readonly Dictionary<string, int> _waits = new(StringComparer.Ordinal);
    private CancellationTokenSource? _stop;
    private Task? _sampling;
    private int _samples;

    private PgProbe(NpgsqlConnection connection, int postmaster)
    {
        _connection = connection;
        _postmaster = postmaster;
    }

    public static async Task<PgProbe> StartAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, ApplicationName = "lj-bench-probe" }.ConnectionString);
        await connection.OpenAsync();
        var parent = ParentOf(connection.ProcessID);
        return new PgProbe(connection, parent);
    }

    /// <summary>CPU of the whole server so far: the postmaster, its live children and its reaped children.</summary>
    public TimeSpan CpuTime()
    {
        var ticks = Ticks(_postmaster, withChildren: true);
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid != _postmaster)
            {
                try
                {
                    if (ParentOf(pid) == _postmaster)
                    {
                        ticks += Ticks(pid, withChildren: false);
                    }
                }
                catch (IOException)
                {
                    // Exited meanwhile: its time is in the postmaster's reaped-children fields.
                }
            }
        }

        return TimeSpan.FromMilliseconds(ticks * 10);
    }

    /// <summary>Starts sampling the wait events of every client session but this probe's.</summary>
    public void StartSampling()
    {
        _stop = new CancellationTokenSource();
        _waits.Clear();
        _samples = 0;
        _sampling = SampleAsync(_stop.Token);
    }

    /// <summary>Stops sampling and returns "state / wait: mean sessions per sample" rows, most frequent first.</summary>
    public async Task<string> StopSamplingAsync()
    {
        await _stop!.CancelAsync();
        await _sampling!;
        var rows = _waits.OrderByDescending(w => w.Value)
            .Select(w => string.Create(CultureInfo.InvariantCulture, $"{w.Key} {(double)w.Value / Math.Max(1, _samples):F2}"));
        return string.Create(CultureInfo.InvariantCulture, $"{_samples} samples, mean client sessions per sample: ") + string.Join("; ", rows);
    }

    public async ValueTask DisposeAsync()
    {
        _stop?.Dispose();
        await _connection.DisposeAsync();
    }

    private async Task SampleAsync(CancellationToken stop)
    {
        await using var command = new NpgsqlCommand(
            "SELECT coalesce(state, '?'), coalesce(wait_event_type || ':' || wait_event, 'CPU'), count(*) FROM pg_stat_activity " +
            "WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() GROUP BY 1, 2", _connection);
        while (!stop.IsCancellationRequested)
        {
            await using (var reader = await command.ExecuteReaderAsync(CancellationToken.None))
            {
                while (await reader.ReadAsync(CancellationToken.None))
                {
                    var key = reader.GetString(0) + "/" + reader.GetString(1);
                    _waits[key] = _waits.GetValueOrDefault(key) + (int)reader.GetInt64(2);
                }
            }

            _samples++;
            try
            {
                await Task.Delay(SampleEvery, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static int ParentOf(int pid) => int.Parse(Fields(pid)[1], CultureInfo.InvariantCulture);

    private static long Ticks(int pid, bool withChildren)
    {
        var fields = Fields(pid);
        long Field(int i) => long.Parse(fields[i], CultureInfo.InvariantCulture);
        return Field(11) + Field(12) + (withChildren ? Field(13) + Field(14) : 0);
    }

    // The fields after the command name: [0] = state, [1] = ppid, ... [11] = utime, [12] = stime, [13] = cutime, [14] = cstime.
    private static string[] Fields(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    }
}
