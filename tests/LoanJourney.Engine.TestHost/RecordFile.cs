using System.Text;

namespace LoanJourney.Engine.TestHost;

/// <summary>
/// An append-only record of executions kept outside the engine's tables. Every line is flushed to disk before the
/// activity goes on, so a SIGKILL cannot lose a line whose step the engine later committed.
/// </summary>
internal sealed class RecordFile(string path) : IDisposable
{
    private readonly FileStream _stream = new(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
    private readonly Lock _lock = new();

    public void Append(string line)
    {
        // A line ends with " ." so a reader can ignore one cut short by a kill.
        var bytes = Encoding.UTF8.GetBytes(line + " .\n");
        lock (_lock)
        {
            _stream.Write(bytes);
            _stream.Flush(flushToDisk: true);
        }
    }

    public void Dispose() => _stream.Dispose();
}
