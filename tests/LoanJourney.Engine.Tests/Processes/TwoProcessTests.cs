using System.Diagnostics;
using System.Globalization;
using LoanJourney.Engine.Tests.Support;
using Xunit.Abstractions;

namespace LoanJourney.Engine.Tests.Processes;

/// <summary>
/// Two engine processes (different node ids) on one SQLite file: each step writes start and end marks with a
/// machine-wide monotonic timestamp, and no instance ever has two executions overlapping in time.
/// SQLite's busy handler is not fair, so left alone one process can take nearly all the work and the test would prove
/// nothing. So node a starts first and parks its claims on a gate step, node b then claims other instances and parks
/// them too; only when both hold leased work does the gate open and both contend freely for the rest.
/// </summary>
[Collection(ChildProcesses.Name)]
public sealed class TwoProcessTests(ITestOutputHelper output) : IDisposable
{
    private const int Instances = 80;
    private const int Concurrency = 4;
    private static readonly string[] MarkedSteps = ["s1", "s2", "s3", "s4"];

    private readonly string _root = Directory.CreateTempSubdirectory("lj-pair-").FullName;

    [Fact]
    public async Task TwoEnginesOnOneFile_NeverRunTheSameInstanceAtOnce()
    {
        var db = Path.Combine(_root, "engine.db");
        using var a = Start("a");
        using var b = Start("b");
        await CrashSafetyTests.PollAsync(() => File.Exists(Ready("a")) && File.Exists(Ready("b")) || a.HasExited || b.HasExited, CrashSafetyTests.ProcessDeadline);
        Assert.False(a.HasExited || b.HasExited, a.Errors + b.Errors);

        // Each node in turn claims instances and parks them at the gate (holding their leases), so both provably run work.
        foreach (var (node, process) in new[] { ("a", a), ("b", b) })
        {
            await File.WriteAllTextAsync(Go(node), "go");
            await CrashSafetyTests.PollAsync(() => GateStarts(node) >= Concurrency || process.HasExited, CrashSafetyTests.ProcessDeadline);
            Assert.True(GateStarts(node) >= Concurrency && !process.HasExited, $"node {node} parked {GateStarts(node)} instances at the gate: {process.Errors}");
        }

        await File.WriteAllTextAsync(Gate, "open");

        Assert.True(await a.WaitForExitAsync(CrashSafetyTests.ProcessDeadline), "node a did not finish: " + a.Errors);
        Assert.True(await b.WaitForExitAsync(CrashSafetyTests.ProcessDeadline), "node b did not finish: " + b.Errors);
        Assert.True(a.ExitCode == 0 && b.ExitCode == 0, a.Errors + b.Errors);

        var instances = EngineDatabase.Instances(db);
        Assert.Equal(Instances, instances.Count);
        Assert.All(instances, i => Assert.Equal(("Completed", "Done"), (i.Status, i.Outcome)));

        // Whatever ran twice, each step committed once: a runner whose lease was taken over had its commit fenced off.
        var results = EngineDatabase.StepResults(db);
        Assert.All(instances, i => Assert.Equal(["s1", "s2", "pause", "s3", "s4", "end"],
            results.Where(r => r.InstanceId == i.Id && r.Kind == "StepCompleted").Select(r => r.StepId)));

        var marks = RecordLine.ReadAll(Record("a")).Concat(RecordLine.ReadAll(Record("b"))).ToList();
        var executions = marks.Where(m => m.Mark == "S")
            .Join(marks.Where(m => m.Mark == "E"), s => (s.InstanceId, s.StepId, s.Attempt, s.Pid), e => (e.InstanceId, e.StepId, e.Attempt, e.Pid),
                (s, e) => (s.InstanceId, s.StepId, s.Pid, Start: s.Timestamp, End: e.Timestamp))
            .ToList();
        Assert.Equal(marks.Count / 2, executions.Count);
        var reRuns = 0;
        foreach (var instance in executions.GroupBy(e => e.InstanceId))
        {
            var ordered = instance.OrderBy(e => e.Start).ToList();
            var steps = ordered.Select(e => e.StepId).ToList();
            Assert.Equal(MarkedSteps, steps.Where((step, i) => i == 0 || step != steps[i - 1]));
            for (var i = 1; i < ordered.Count; i++)
            {
                if (ordered[i].StepId == ordered[i - 1].StepId)
                {
                    // Activities are at-least-once: a step runs again only when its runner's lease expired (a stalled process).
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"instance {instance.Key}: {ordered[i].StepId} ran again on pid {ordered[i].Pid} {Stopwatch.GetElapsedTime(ordered[i - 1].End, ordered[i].Start).TotalMilliseconds:F0} ms after pid {ordered[i - 1].Pid} ended it"));
                    reRuns++;
                }
            }

            for (var i = 1; i < ordered.Count; i++)
            {
                Assert.True(ordered[i].Start > ordered[i - 1].End,
                    $"instance {instance.Key}: {ordered[i].StepId} on pid {ordered[i].Pid} started before {ordered[i - 1].StepId} on pid {ordered[i - 1].Pid} ended");
            }
        }

        var byPid = executions.GroupBy(e => e.Pid).ToDictionary(g => g.Key, g => g.Count());
        var moved = executions.GroupBy(e => e.InstanceId).Count(g => g.Select(e => e.Pid).Distinct().Count() > 1);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"executions per pid: {string.Join(", ", byPid.Select(p => $"{p.Key}={p.Value}"))}; instances that ran on both: {moved}; steps run again after a lease expiry: {reRuns}"));
        Assert.Equal(2, byPid.Count);
        Assert.All(byPid.Values, count => Assert.True(count > 0));
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

    private string Ready(string node) => Path.Combine(_root, $"ready-{node}");

    private string Record(string node) => Path.Combine(_root, $"marks-{node}.txt");

    private string Go(string node) => Path.Combine(_root, $"go-{node}");

    private string Gate => Path.Combine(_root, "gate");

    private int GateStarts(string node) => RecordLine.ReadAll(Record(node)).Count(m => m is { Mark: "S", StepId: "s2" });

    private HostProcess Start(string node) => HostProcess.Start("--db", Path.Combine(_root, "engine.db"), "--record", Record(node), "--node", "node-" + node,
        "--workflow", "pair", "--instances", Instances.ToString(CultureInfo.InvariantCulture), "--ready", Ready(node), "--go", Go(node),
        "--concurrency", Concurrency.ToString(CultureInfo.InvariantCulture), "--gate", Gate);
}
