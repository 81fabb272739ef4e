namespace LoanJourney.Engine.TestHost;

/// <summary>
/// The workflows the host runs. Timers and back-off are milliseconds of real time: a killed process cannot be driven by
/// a manual clock, so the crash tests use tiny real delays (every other engine test uses the manual clock).
/// </summary>
internal static class HostWorkflows
{
    /// <summary>Steps the crash workflow records, in order, as "step/attempt".</summary>
    public static readonly string[] CrashRecordedSequence = ["a/1", "b/1", "c/1", "flaky/1", "flaky/2", "flaky/3", "d/1"];

    public const string Crash = """
        {
          "id": "crash", "version": 1, "title": "crash test", "input": [], "variables": {}, "start": "a",
          "steps": [
            { "id": "a", "activity": "Host.Record", "inputs": {}, "next": { "Done": "b" } },
            { "id": "b", "activity": "Host.Record", "inputs": {}, "next": { "Done": "delay" } },
            { "id": "delay", "activity": "Core.Delay", "inputs": { "duration": "00:00:00.020" }, "next": { "Done": "c" } },
            { "id": "c", "activity": "Host.Record", "inputs": {}, "next": { "Done": "flaky" } },
            { "id": "flaky", "activity": "Host.Flaky", "inputs": { "failTimes": 2 },
              "retry": { "maxAttempts": 5, "initialDelay": "00:00:00.010", "backoffFactor": 1 }, "next": { "Done": "approval" } },
            { "id": "approval", "activity": "Core.WaitForSignal", "inputs": { "signal": "approve" }, "next": { "Received": "d" } },
            { "id": "d", "activity": "Host.Record", "inputs": {}, "next": { "Done": "end" } },
            { "id": "end", "activity": "Core.End", "inputs": { "outcome": "Approved" } }
          ]
        }
        """;

    public const string Pair = """
        {
          "id": "pair", "version": 1, "title": "two processes", "input": [], "variables": {}, "start": "s1",
          "steps": [
            { "id": "s1", "activity": "Host.Mark", "inputs": {}, "next": { "Done": "s2" } },
            { "id": "s2", "activity": "Host.Gate", "inputs": {}, "next": { "Done": "pause" } },
            { "id": "pause", "activity": "Core.Delay", "inputs": { "duration": "00:00:00.005" }, "next": { "Done": "s3" } },
            { "id": "s3", "activity": "Host.Mark", "inputs": {}, "next": { "Done": "s4" } },
            { "id": "s4", "activity": "Host.Mark", "inputs": {}, "next": { "Done": "end" } },
            { "id": "end", "activity": "Core.End", "inputs": { "outcome": "Done" } }
          ]
        }
        """;
}
