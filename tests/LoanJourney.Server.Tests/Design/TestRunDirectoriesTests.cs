using System.Net;
using LoanJourney.Server.Tests.Support;

namespace LoanJourney.Server.Tests.Design;

/// <summary>Test runs keep their throw-away stores under the server's data folder, and a start-up deletes what a killed server left.</summary>
public sealed class TestRunDirectoriesTests
{
    [Fact]
    public async Task LeftoversOfATestRunKilledMidRun_AreDeletedAtStartUp_ButARunThatStillHoldsItsLockIsKept()
    {
        using var factory = new ServerFactory();
        var root = Path.Combine(factory.DataDirectory, "testruns");

        // What kill -9 mid-run leaves: the run's database and WAL, with the borrower's data in it, and its (released) lock.
        var leftover = Path.Combine(root, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(leftover);
        await File.WriteAllTextAsync(Path.Combine(leftover, "testrun.db-wal"), "pan ABCDE1234F mobile 9876543210");
        await File.WriteAllTextAsync(Path.Combine(leftover, "run.lock"), "");
        var killedBeforeItsLock = Path.Combine(root, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(killedBeforeItsLock);

        // A run of another server process on the same data folder, in progress: its lock is held.
        var running = Path.Combine(root, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(running);
        await using var held = new FileStream(Path.Combine(running, "run.lock"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);

        var client = factory.CreateApiClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/workflows")).StatusCode);

        Assert.False(Directory.Exists(leftover));
        Assert.False(Directory.Exists(killedBeforeItsLock));
        Assert.True(Directory.Exists(running));
    }
}
