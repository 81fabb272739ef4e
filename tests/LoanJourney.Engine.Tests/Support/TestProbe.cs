using System.Collections.Concurrent;

namespace LoanJourney.Engine.Tests.Support;

/// <summary>Shared by the test activities of one harness: records executions, counts attempts, scripts failures.</summary>
public sealed class TestProbe
{
    public ConcurrentQueue<string> Executions { get; } = new();

    public ConcurrentDictionary<string, int> Counters { get; } = new();

    /// <summary>When set, Test.Record awaits it (to hold a runner mid-step).</summary>
    public TaskCompletionSource? Gate { get; set; }

    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>When set, Test.Pay awaits it before saving its intent (<see cref="BeforeSend"/>) or after its call was sent (<see cref="AfterSend"/>).</summary>
    public TaskCompletionSource? PayGate { get; set; }

    public TaskCompletionSource PayEntered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>When set, Test.Poll's polls await it (a poll's lender call out: the run in flight, not parked).</summary>
    public TaskCompletionSource? PollGate { get; set; }

    public TaskCompletionSource PollEntered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>When set, Test.Otp runs it as it resumes on "otp" (e.g. to move the clock while the step runs).</summary>
    public Action? OnOtpResume { get; set; }

    public int Next(string key) => Counters.AddOrUpdate(key, 1, (_, n) => n + 1);

    /// <summary>How often <see cref="Next"/> was called for <paramref name="key"/>.</summary>
    public int Count(string key) => Counters.TryGetValue(key, out var n) ? n : 0;

    public IReadOnlyList<string> Log => Executions.ToArray();
}
