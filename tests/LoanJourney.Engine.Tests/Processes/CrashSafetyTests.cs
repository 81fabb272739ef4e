using System.Diagnostics;
using System.Globalization;
using LoanJourney.Engine.Tests.Support;
using Xunit.Abstractions;

namespace LoanJourney.Engine.Tests.Processes;

/// <summary>
/// SIGKILLs a child process running the engine at many moments of a workflow with recording steps, a timer, retries and
/// a signal wait, restarts it, and checks against the record file (outside the engine's tables) and the committed
/// journal that no committed step was lost or ran again and that only the step in flight at a kill ran twice.
/// This test and <see cref="TwoProcessTests"/> are the only ones on real time: a killed process cannot be driven by a
/// manual clock, so the host's timers and back-off are milliseconds long and every wait here polls with a deadline.
/// </summary>
[Collection(ChildProcesses.Name)]
public sealed class CrashSafetyTests(ITestOutputHelper output) : IDisposable
{
    private const int Instances = 30;
    private const int Kills = 20;
    private static readonly string[] CommittedSteps = ["a", "b", "delay", "c", "flaky", "approval", "d", "end"];
    private static readonly string[] RecordedSequence = ["a/1", "b/1", "c/1", "flaky/1", "flaky/2", "flaky/3", "d/1"];

    private readonly string _root = Directory.CreateTempSubdirectory("lj-crash-").FullName;

    private string Db => Path.Combine(_root, "engine.db");

    private string Record => Path.Combine(_root, "record.txt");

    private sealed record Kill(int Number, int RecordedLines, HashSet<(string Instance, string Key)> Committed, int Pid);

    [Fact]
    public async Task KilledAtManyPoints_EveryInstanceCompletes_NoCommittedStepRunsAgain()
    {
        var random = new Random(20250101);
        var kills = new List<Kill>();
        var total = Stopwatch.StartNew();
        for (var k = 0; k < Kills; k++)
        {
            var before = RecordLine.ReadAll(Record).Count;

            // The host kills itself (SIGKILL): anywhere from start-up (migrations, seeding) to mid-run, or a few ms after a few more
            // recorded executions, which lands inside steps and commits. Self-inflicted, so where it lands does not depend on how
            // promptly this process is scheduled to send the signal.
            using var host = k % 3 == 0
                ? StartHost("--die-after-ms", Invariant(random.Next(0, 500)))
                : StartHost("--die-after-records", Invariant(before + random.Next(1, 9)), "--die-jitter-ms", Invariant(random.Next(0, 4)));
            Assert.True(await host.WaitForExitAsync(ProcessDeadline), "the host neither finished nor died: " + host.Errors);
            if (host.ExitCode == 0)
            {
                output.WriteLine($"kill {k}: the host had already finished everything ({RecordLine.ReadAll(Record).Count} records, before {before}) {host.Errors}");
                break;
            }

            kills.Add(new Kill(k, RecordLine.ReadAll(Record).Count,
                EngineDatabase.StepResults(Db).Select(r => (r.InstanceId, EngineDatabase.Key(r))).ToHashSet(), host.Pid));
        }

        using (var final = StartHost())
        {
            Assert.True(await final.WaitForExitAsync(ProcessDeadline), "the restarted engine did not finish every instance in time: " + final.Errors);
            Assert.True(final.ExitCode == 0, final.Errors);
        }

        var records = RecordLine.ReadAll(Record);
        var instances = EngineDatabase.Instances(Db);
        var results = EngineDatabase.StepResults(Db);
        var inFlightKills = 0;
        var reRuns = 0;

        // Every instance completed with the expected outcome.
        Assert.Equal(Instances, instances.Count);
        Assert.All(instances, i => Assert.Equal(("Completed", "Approved"), (i.Status, i.Outcome)));

        foreach (var (id, _, _) in instances)
        {
            // No committed step lost or committed twice: the journal holds each step's result exactly once, in order.
            var journal = results.Where(r => r.InstanceId == id).ToList();
            Assert.Equal(CommittedSteps, journal.Where(r => r.Kind == "StepCompleted").Select(r => r.StepId));
            Assert.Equal(["flaky/1", "flaky/2"], journal.Where(r => r.Kind == "StepFailed").Select(EngineDatabase.Key));

            // The executions recorded outside the engine follow the workflow; a repeat is always the step just before it.
            var mine = records.Where(r => r.InstanceId == id).ToList();
            var collapsed = mine.Select(r => r.Key).Where((key, i) => i == 0 || key != mine[i - 1].Key).ToList();
            Assert.Equal(RecordedSequence, collapsed);

            foreach (var group in mine.GroupBy(r => r.Key))
            {
                // At most one re-run per kill that caught this execution recorded but not committed (in flight).
                var inFlightAt = kills.Count(k => records.Take(k.RecordedLines).Any(r => r.InstanceId == id && r.Key == group.Key) && !k.Committed.Contains((id, group.Key)));
                Assert.True(group.Count() <= 1 + inFlightAt, $"{id} {group.Key} ran {group.Count()} times but was in flight at only {inFlightAt} kills");
                reRuns += group.Count() - 1;
            }
        }

        foreach (var kill in kills)
        {
            // Nothing committed before a kill ran again after it.
            var again = records.Skip(kill.RecordedLines).Where(r => kill.Committed.Contains((r.InstanceId, r.Key))).ToList();
            Assert.True(again.Count == 0, $"after kill {kill.Number}, committed steps ran again: {string.Join(", ", again)}");
            inFlightKills += records.Take(kill.RecordedLines).Any(r => !kill.Committed.Contains((r.InstanceId, r.Key))) ? 1 : 0;
        }

        Assert.True(kills.Count >= 15, $"only {kills.Count} kills landed before the work ran out");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{kills.Count} kills ({inFlightKills} with a recorded step in flight), {reRuns} re-runs of in-flight steps, {records.Count} recorded executions, {total.Elapsed.TotalSeconds:F1} s"));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A temp dir left behind is harmless.
        }
    }

    private HostProcess StartHost(params string[] extra) => HostProcess.Start(["--db", Db, "--record", Record, "--node", "crash-node", "--workflow", "crash",
        "--instances", Invariant(Instances), .. extra]);

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// How long a child host may take to start, reach a condition or finish: far above what it needs (seconds), because on a
    /// machine oversubscribed by other suites (load 35 on 2 cores in session 28) a .NET process's start-up alone took over
    /// 30 s. A liveness deadline, not a measurement.
    /// </summary>
    internal static readonly TimeSpan ProcessDeadline = TimeSpan.FromSeconds(120);

    internal static async Task PollAsync(Func<bool> condition, TimeSpan deadline)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < deadline, $"condition not met within {deadline}");
            await Task.Delay(2);
        }
    }
}
