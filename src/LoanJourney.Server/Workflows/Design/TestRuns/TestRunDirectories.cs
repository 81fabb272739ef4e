using LoanJourney.Engine.Runtime;

namespace LoanJourney.Server.Workflows.Design.TestRuns;

/// <summary>
/// Where draft test runs keep their throw-away stores: <c>testruns/</c> beside the engine's database, so the borrower input a
/// run copies stays in the server's own data folder (not the machine's shared temp directory) and two servers on one machine
/// never see each other's runs. A run holds <c>run.lock</c> open exclusively for its whole life; at start-up
/// (<see cref="DeleteLeftovers"/>) every run folder whose lock nobody holds is a leftover of a server that was killed mid-run
/// and is deleted, while a run of another process on the same data folder (its lock held) is left alone.
/// </summary>
internal sealed class TestRunDirectories(EngineOptions engine, ILogger<TestRunDirectories> logger)
{
    private const string LockFile = "run.lock";

    /// <summary>The folder that holds one sub-folder per run in progress.</summary>
    public string Root { get; } = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(engine.DatabasePath))!, "testruns");

    /// <summary>A new run folder, locked until the returned handle is disposed, which deletes it.</summary>
    public TestRunDirectory Create()
    {
        var path = Path.Combine(Root, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        var runLock = new FileStream(Path.Combine(path, LockFile), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
        return new TestRunDirectory(path, runLock);
    }

    /// <summary>Deletes the run folders no process holds (a server killed mid-run left them); returns how many.</summary>
    public int DeleteLeftovers()
    {
        if (!Directory.Exists(Root))
        {
            return 0;
        }

        var deleted = 0;
        foreach (var folder in Directory.GetDirectories(Root))
        {
            try
            {
                // Opening the lock exclusively fails while its run is alive; a missing lock file is a run killed before it took it.
                using (new FileStream(Path.Combine(folder, LockFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
                {
                }

                Directory.Delete(folder, recursive: true);
                deleted++;
            }
            catch (IOException e)
            {
                TestRunLog.LeftoverKept(logger, folder, e.Message);
            }
            catch (UnauthorizedAccessException e)
            {
                TestRunLog.LeftoverKept(logger, folder, e.Message);
            }
        }

        if (deleted > 0)
        {
            TestRunLog.LeftoversDeleted(logger, deleted, Root);
        }

        return deleted;
    }
}
