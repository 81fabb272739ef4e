using System.Diagnostics;
using System.Text;

namespace LoanJourney.Engine.TestHost;

/// <summary>
/// An append-only record of executions kept outside the engine's tables. Every line is flushed to disk before the
/// activity goes on, so a SIGKILL cannot lose a line whose step the engine later committed.
/// </summary>
internal sealed class RecordFile(string path, int? dieAfterLines = null, int dieJitterMs = 0) : IDisposable
{
    private readonly FileStream _stream = new(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
    private readonly Lock _lock = new();
    private int _lines = File.Exists(path) ? File.ReadAllLines(path).Length : 0;

    /// <summary>SIGKILL this process (no clean-up, no flush: what a crash is).</summary>
    public static void Die() => Process.GetCurrentProcess().Kill();

    public void Append(string line)
    {
        // A line ends with " ." so a reader can ignore one cut short by a kill.
        var bytes = Encoding.UTF8.GetBytes(line + " .\n");
        lock (_lock)
        {
            _stream.Write(bytes);
            _stream.Flush(flushToDisk: true);
            if (++_lines == dieAfterLines)
            {
                // A few ms later: the kill lands inside this step, its commit, or the next steps.
                _ = Task.Delay(dieJitterMs).ContinueWith(_ => Die(), TaskScheduler.Default);
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}
