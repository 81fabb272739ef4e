using Microsoft.Data.Sqlite;

namespace LoanJourney.Server.Workflows.Design.TestRuns;

/// <summary>One run's folder (<see cref="TestRunDirectories"/>): its lock is held until <see cref="Dispose"/>, which deletes the folder.</summary>
internal sealed class TestRunDirectory(string path, FileStream runLock) : IDisposable
{
    public string Path { get; } = path;

    public void Dispose()
    {
        // The run's pooled connections keep the database files open; they are closed before the folder goes.
        SqliteConnection.ClearAllPools();
        runLock.Dispose();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Left for the next start-up's sweep (TestRunDirectories.DeleteLeftovers).
        }
    }
}
