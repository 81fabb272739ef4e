using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Runtime;
using LoanJourney.Engine.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LoanJourney.Engine.Tests.Support;

/// <summary>A real engine on a SQLite file in a temp directory, with a manual clock and the test activities.</summary>
public sealed class EngineHarness : IAsyncDisposable
{
    /// <summary>Where the harness clocks start (a fixed instant, so journal times read the same in every run).</summary>
    public static readonly DateTimeOffset Start = new(2025, 1, 1, 9, 0, 0, TimeSpan.Zero);

    private EngineHarness(string root, FakeTimeProvider clock)
    {
        Root = root;
        Clock = clock;
        DefinitionsDirectory = Path.Combine(root, "workflows");
        DatabasePath = Path.Combine(root, "data", "engine.db");
        Directory.CreateDirectory(DefinitionsDirectory);
    }

    public string Root { get; }

    public string DefinitionsDirectory { get; }

    public string DatabasePath { get; }

    public FakeTimeProvider Clock { get; }

    public TestProbe Probe { get; } = new();

    public ServiceProvider Services { get; private set; } = null!;

    public IWorkflowClient Client => Services.GetRequiredService<IWorkflowClient>();

    public WorkflowDispatcher Dispatcher => Services.GetRequiredService<WorkflowDispatcher>();

    public IWorkflowStore Store => Services.GetRequiredService<IWorkflowStore>();

    public WorkflowDefinitionCatalog Catalog => Services.GetRequiredService<WorkflowDefinitionCatalog>();

    public Action<EngineOptions>? Configure { get; init; }

    /// <summary>More services for the engine's container (e.g. a host lifetime), added before it is built.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; set; }

    public static Task<EngineHarness> StartAsync(params string[] definitions) => StartAsync(null, definitions);

    public static Task<EngineHarness> StartAsync(Action<EngineOptions>? configure, params string[] definitions) => StartAsync(configure, null, definitions);

    public static Task<EngineHarness> StartAsync(Action<EngineOptions>? configure, Action<IServiceCollection>? configureServices, params string[] definitions) =>
        StartAsync(new FakeTimeProvider(Start), configure, configureServices, definitions);

    /// <summary>An engine on <paramref name="clock"/> (e.g. a <see cref="HoldingClock"/>) instead of a plain manual clock.</summary>
    public static async Task<EngineHarness> StartAsync(FakeTimeProvider clock, Action<EngineOptions>? configure, Action<IServiceCollection>? configureServices, params string[] definitions)
    {
        var harness = new EngineHarness(Path.Combine(Path.GetTempPath(), "lj-engine-" + Guid.NewGuid().ToString("N")), clock)
        {
            Configure = configure,
            ConfigureServices = configureServices,
        };
        for (var i = 0; i < definitions.Length; i++)
        {
            harness.WriteDefinition($"def{i}.json", definitions[i]);
        }

        await harness.BuildAsync();
        Assert.Empty(harness.Catalog.LoadErrors);
        return harness;
    }

    public void WriteDefinition(string file, string json) => File.WriteAllText(Path.Combine(DefinitionsDirectory, file), json);

    /// <summary>
    /// Throws the engine away (as a process restart would) and builds a new one on the same files and clock; <paramref name="whileStopped"/>
    /// runs in between (maintenance on the stopped engine's files).
    /// </summary>
    public async Task RestartAsync(Func<Task>? whileStopped = null)
    {
        await Services.DisposeAsync();
        if (whileStopped is not null)
        {
            await whileStopped();
        }

        await BuildAsync();

        // What the dispatcher does first when a node starts: leases this node id held before the restart (a running step, a run
        // parked on a short timer) are given back at once instead of expiring.
        await Store.ReleaseLeasesOwnedByAsync("test-node", default);
    }

    public Task<int> DrainAsync() => Dispatcher.DrainAsync();

    public async Task AdvanceAsync(TimeSpan by)
    {
        Clock.Advance(by);
        await DrainAsync();
    }

    /// <summary>
    /// Moves the manual clock while the dispatcher runs hosted (<c>Dispatcher.StartAsync</c>), once it sleeps
    /// (<see cref="WorkflowDispatcher.IsAsleep"/>: nothing in flight, its wake-up armed for what it read after the last change).
    /// Moving it as soon as a state shows (a run parked, a journey waiting) raced the loop: it reads the clock, then arms a timer
    /// for the time left; moved in between, the timer was armed <paramref name="by"/> late, on a clock that moved no more, and
    /// the test timed out (1 CI run in 10, ReadOnlyPollTests, session 32). Waits like <see cref="WaitUntilAsync"/>.
    /// </summary>
    public async Task AdvanceHostedAsync(TimeSpan by)
    {
        await WaitUntilAsync(() => Dispatcher.IsAsleep);
        Clock.Advance(by);
    }

    public async Task<WorkflowInstance> StartAndRunAsync(string workflowId, string? inputJson = null, StartOptions? options = null)
    {
        var instance = await Client.StartAsync(workflowId, inputJson is null ? null : System.Text.Json.Nodes.JsonNode.Parse(inputJson), options);
        await DrainAsync();
        return await Client.GetInstanceAsync(instance.Id);
    }

    /// <summary>
    /// Starts <paramref name="workflowId"/> and, while its gated step runs (<see cref="TestProbe.Gate"/>; <see cref="TestProbe.PayGate"/>
    /// for <c>Test.Pay</c> when <paramref name="pay"/>), cancels it: the row is leased, so the cancel sets only the flag. Then lets the
    /// step go and drains; answers the journey as the cancel left it.
    /// </summary>
    public async Task<WorkflowInstance> CancelWhileTheStepRunsAsync(string workflowId, bool pay = false, string? reason = null)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (pay)
        {
            Probe.PayGate = gate;
        }
        else
        {
            Probe.Gate = gate;
        }

        var instance = await Client.StartAsync(workflowId, null);
        var drain = DrainAsync();
        await (pay ? Probe.PayEntered : Probe.Entered).Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Client.CancelAsync(instance.Id, reason);
        gate.SetResult();
        await drain;
        await DrainAsync();
        return await Client.GetInstanceAsync(instance.Id);
    }

    /// <summary>
    /// Waits in real time until <paramref name="condition"/> holds: for a hosted dispatcher, while the engine runs on the
    /// manual clock. The 30 s ceiling is reached only by a failing test (a passing one returns as soon as the condition
    /// holds), so it is set for a loaded machine, PostgreSQL included, and the failure says it timed out.
    /// </summary>
    public static Task WaitUntilAsync(Func<bool> condition) => WaitUntilAsync(() => Task.FromResult(condition()), TimeSpan.FromSeconds(30));

    /// <summary>Waits in real time until <paramref name="condition"/> holds, at most <paramref name="within"/> (then it fails).</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan within)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed > within)
            {
                throw new TimeoutException($"The condition did not hold within {within.TotalSeconds} s.");
            }

            await Task.Delay(10);
        }
    }

    /// <summary>Waits until the journey's stored lease runs to <paramref name="expected"/>: a renewal runs on a timer of the manual clock.</summary>
    public Task WaitForLeaseExpiryAsync(string instanceId, DateTimeOffset expected) =>
        WaitUntilAsync(async () => (await Store.GetInstanceAsync(instanceId, default))!.LeaseExpiresAt == expected, TimeSpan.FromSeconds(60));

    public async Task<IReadOnlyList<string>> JournalKindsAsync(string instanceId) =>
        (await Client.ReadJournalAsync(instanceId, 0, 1000)).Items.Select(e => e.Kind).ToList();

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A temp dir left behind is harmless.
        }
    }

    private async Task BuildAsync()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton(Probe);
        services.AddLoanJourneyEngine(o =>
        {
            o.DatabasePath = DatabasePath;
            o.DefinitionsDirectory = DefinitionsDirectory;
            o.NodeId = "test-node";
            o.LeaseDuration = TimeSpan.FromMinutes(1);
            o.SensitiveSignalClaimTimeout = TimeSpan.Zero;
            Configure?.Invoke(o);
        });
        services.AddActivity<RecordActivity>();
        services.AddActivity<FlakyActivity>();
        services.AddActivity<CompensateActivity>();
        services.AddActivity<PollActivity>();
        services.AddActivity<ReadOnlyPollActivity>();
        services.AddActivity<OnceOnlyPollActivity>();
        services.AddActivity<OnceActivity>();
        services.AddActivity<PayActivity>();
        services.AddActivity<DisburseActivity>();
        services.AddActivity<OtpActivity>();
        services.AddActivity<AskAgainOtpActivity>();
        ConfigureServices?.Invoke(services);
        Services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        await Services.GetRequiredService<EngineInitializer>().EnsureInitializedAsync();
    }
}
