using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Runtime;
using LoanJourney.Engine.Storage;
using LoanJourney.Engine.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static LoanJourney.Engine.Tests.Support.Defs;

namespace LoanJourney.Engine.Tests.Runtime;

/// <summary>
/// Walk 45 (two PostgreSQL nodes at load ~50): a node SIGTERMed was still claiming work 6 s after "Application is shutting
/// down". A host stops its hosted services one after another, the last registered first, and a web host registers its server
/// last: the dispatcher's stopping token was cancelled only after the server had drained its requests and every service
/// registered after the engine had stopped. The node now claims nothing from the moment the stop begins (the host's
/// <see cref="IHostApplicationLifetime.ApplicationStopping"/>). Structural: every claim the store is asked for is counted.
/// </summary>
public sealed class StopClaimsNothingTests
{
    /// <summary>Stands for the web server draining its requests: registered after the engine, so stopped before it.</summary>
    private sealed class DrainingService : IHostedService
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public async Task StopAsync(CancellationToken cancellationToken)
        {
            Entered.TrySetResult();
            await Release.Task;
        }
    }

    [Fact]
    public Task ANodeBeingStopped_ClaimsNothingMore_WhileServicesStoppedBeforeTheDispatcherStillDrain() =>
        RunAsync(root => o => o.DatabasePath = Path.Combine(root, "engine.db"), startElsewhere: null);

    /// <summary>
    /// The test on a store: <paramref name="store"/> sets the node's store (given a temp directory); the work that arrives during
    /// the stop is started by <paramref name="startElsewhere"/> (another node, whose start the stopping node hears of by NOTIFY on
    /// PostgreSQL), or else by the stopping node's own client (its in-process wake-up).
    /// </summary>
    internal static async Task RunAsync(Func<string, Action<EngineOptions>> store, Func<string, Task<string>>? startElsewhere)
    {
        var root = Path.Combine(Path.GetTempPath(), "lj-stopclaims-" + Guid.NewGuid().ToString("N"));
        var definitions = Directory.CreateDirectory(Path.Combine(root, "workflows")).FullName;
        File.WriteAllText(Path.Combine(definitions, "s.json"), Workflow("s", Step("a", "Test.Record")));
        try
        {
            var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
            builder.Services.AddSingleton(new TestProbe());
            var useStore = store(root);
            builder.Services.AddLoanJourneyEngine(o =>
            {
                useStore(o);
                o.DefinitionsDirectory = definitions;
                o.NodeId = "stop-node";
            });
            builder.Services.AddActivity<RecordActivity>();
            StoreHook.Register(builder.Services);
            var draining = new DrainingService();
            builder.Services.AddHostedService(_ => draining);
            using var host = builder.Build();
            var hook = host.Services.GetRequiredService<StoreHook>();
            var dispatcher = host.Services.GetRequiredService<WorkflowDispatcher>();
            var client = host.Services.GetRequiredService<IWorkflowClient>();

            await host.StartAsync();
            await EngineHarness.WaitUntilAsync(() => dispatcher.IsAsleep);

            // Every claim asked of the store from the moment the stop began (the dispatcher sleeps: none is in flight).
            var stopBegun = 0;
            var claimAfterStop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            hook.Fault = name =>
            {
                if (name == nameof(IWorkflowStore.ClaimReadyAsync) && Volatile.Read(ref stopBegun) == 1)
                {
                    claimAfterStop.TrySetResult();
                }

                return null;
            };
            Volatile.Write(ref stopBegun, 1);
            var stopping = host.StopAsync(CancellationToken.None);
            await draining.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));

            // Work arrives while the server drains (a webhook, a start): it wakes the dispatcher, which must not claim it.
            var startedId = startElsewhere is null ? (await client.StartAsync("s", null)).Id : await startElsewhere(definitions);
            var first = await Task.WhenAny(dispatcher.ExecuteTask!, claimAfterStop.Task).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.False(claimAfterStop.Task.IsCompleted, "the dispatcher claimed work after the host began to stop");
            Assert.Same(dispatcher.ExecuteTask, first);
            var stored = (await hook.Store.GetInstanceAsync(startedId, default))!;
            Assert.Null(stored.LeaseOwner);

            draining.Release.SetResult();
            await stopping.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.False(claimAfterStop.Task.IsCompleted);
            Assert.Empty(host.Services.GetRequiredService<TestProbe>().Log);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // A temp dir left behind is harmless.
            }
        }
    }
}
