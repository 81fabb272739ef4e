using LoanJourney.Engine.Runtime;
using LoanJourney.Engine.Storage;
using LoanJourney.Engine.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace LoanJourney.Engine.Tests.Runtime;

/// <summary>
/// Session 38: when the server's start failed inside <c>app.Run()</c> (its port taken), the host cancelled the journal packer
/// and the payload sweep while they were in a store call; the <see cref="OperationCanceledException"/> left their
/// <c>ExecuteAsync</c>, and the host logged "BackgroundService failed" (Error) and "stopping the host" (Critical) under the
/// start failure's one line. A cancellation at shutdown is not an error: they end quietly, their task completed.
/// </summary>
public sealed class StopDuringStoreCallTests
{
    public static TheoryData<string> Services => [nameof(JournalCompactor), nameof(PayloadSweeper)];

    [Theory]
    [MemberData(nameof(Services))]
    public async Task AStopWhileTheServiceWaitsForTheStore_EndsItQuietly(string service)
    {
        await using var engine = await EngineHarness.StartAsync(null, StoreHook.Register);
        var hook = engine.Services.GetRequiredService<StoreHook>();
        var storeCall = service == nameof(JournalCompactor) ? nameof(IWorkflowStore.CompactJournalsAsync) : nameof(IWorkflowStore.FindPlaintextPayloadsAsync);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var release = new ManualResetEventSlim();
        // The store call is in flight when the host stops, and answers as a store does whose token was cancelled.
        hook.Fault = name =>
        {
            if (name != storeCall)
            {
                return null;
            }

            entered.TrySetResult();
            release.Wait();
            return new OperationCanceledException();
        };
        var initializer = engine.Services.GetRequiredService<EngineInitializer>();
        using BackgroundService background = service == nameof(JournalCompactor)
            ? new JournalCompactor(hook.Store, initializer, new EngineOptions(), TimeProvider.System, NullLogger<JournalCompactor>.Instance)
            : new PayloadSweeper(hook.Store, new TestPayloadProtector(), initializer, TimeProvider.System, NullLogger<PayloadSweeper>.Instance);

        await background.StartAsync(CancellationToken.None);
        await entered.Task;
        var stopping = background.StopAsync(CancellationToken.None);
        release.Set();
        await stopping;

        Assert.Equal(TaskStatus.RanToCompletion, background.ExecuteTask!.Status);
    }
}
