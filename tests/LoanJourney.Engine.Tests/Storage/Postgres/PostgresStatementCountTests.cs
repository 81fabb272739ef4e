using System.Collections.Concurrent;
using System.Diagnostics;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Runtime;
using LoanJourney.Engine.Storage;
using LoanJourney.Engine.Storage.Postgres;
using LoanJourney.Engine.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static LoanJourney.Engine.Tests.Support.Defs;

namespace LoanJourney.Engine.Tests.Storage.Postgres;

/// <summary>
/// A regression guard that is not timed: the round trips the engine makes to PostgreSQL per no-op step transition,
/// counted from Npgsql's own tracing (one <c>Npgsql</c> activity per command or batch sent), for the commands of this
/// test's drain only. A step's commit is one batch (BEGIN goes with it; the instance update and the journal rows are
/// statements of the batch), then COMMIT, which Npgsql does not trace. More commands per step is a performance regression.
/// </summary>
[Collection(PostgresGroup.Name)]
public sealed class PostgresStatementCountTests(PostgresServer server) : PostgresNodeTests(server)
{
    private const double CommandsPerNoopStep = 1;


    protected override IEnumerable<(string File, string Json)> Workflows() =>
        new[] { 2, 12 }.Select(steps => ($"chain{steps}.json", Chain($"chain{steps}", steps, "Test.Record")));

    [Fact]
    public async Task NoopStepTransition_CostsOneBatchPlusCommit()
    {
        await using var node = new PostgresEngineNode(ConnectionString, Definitions, TimeProvider.System, "count");
        await node.Services.GetRequiredService<EngineInitializer>().EnsureInitializedAsync();

        var (short2, _) = await CountAsync(node, "chain2");
        var (long12, commands) = await CountAsync(node, "chain12");

        Assert.True(short2 > 0, "Npgsql traced no command of the drain: the guard would measure nothing");
        var perStep = (long12 - short2) / 10.0;
        Assert.True(perStep <= CommandsPerNoopStep,
            $"a no-op step now costs {perStep} commands (limit {CommandsPerNoopStep}): " +
            string.Join(" | ", commands.GroupBy(c => c[..Math.Min(60, c.Length)]).Select(g => g.Key + " x" + g.Count())));
        // The step's statements travel together: the commit batch carries the instance update and the journal rows.
        Assert.Contains(commands, c => c.Contains("UPDATE instances", StringComparison.Ordinal) && c.Contains("INSERT INTO journal", StringComparison.Ordinal));
    }

    // Buffered: one batch (advisory key lock, inbox INSERT, bookmark SELECT). Routed: that batch, then the instance locked and
    // its bookmark read again (a signal or a runner may have taken it), then one batch that fires the stimulus and marks the
    // inbox row consumed (removing the payload the INSERT stored protected: the same statement, session 31); COMMIT is not traced.
    private const int CommandsPerBufferedWebhook = 1;
    private const int CommandsPerRoutedWebhook = 3;
    private const int Deliveries = 8;

    [Fact]
    public async Task Webhooks_RoutedCostThreeCommandsPlusCommit_BufferedOne()
    {
        using var store = new PostgresWorkflowStore(new PostgresStoreOptions { ConnectionString = ConnectionString }, TimeProvider.System);
        await store.InitializeAsync(default);
        var now = DateTimeOffset.UnixEpoch;
        for (var i = 0; i < Deliveries; i++)
        {
            await WebhookWaits.WaitOnWebhookAsync(store, $"i{i}", $"finbox:c{i}:LOAN_DISBURSED", now);
        }

        var routed = await TraceAsync(async () =>
        {
            for (var i = 0; i < Deliveries; i++)
            {
                Assert.Equal(new WebhookDeliveryResult(WebhookDeliveryStatus.Routed, $"i{i}"),
                    await store.DeliverWebhookAsync($"e{i}", $"finbox:c{i}:LOAN_DISBURSED", "{}", null, now, default));
            }
        });
        var buffered = await TraceAsync(async () =>
        {
            for (var i = 0; i < Deliveries; i++)
            {
                Assert.Equal(WebhookDeliveryStatus.Buffered, (await store.DeliverWebhookAsync($"b{i}", $"finbox:b{i}:LOAN_DISBURSED", "{}", null, now, default)).Status);
            }
        });

        Assert.True(routed.Count <= Deliveries * CommandsPerRoutedWebhook,
            $"a routed webhook now costs {routed.Count / (double)Deliveries} commands (limit {CommandsPerRoutedWebhook}): " +
            string.Join(" | ", routed.GroupBy(c => c[..Math.Min(60, c.Length)]).Select(g => g.Key + " x" + g.Count())));
        Assert.True(buffered.Count is > 0 and <= Deliveries * CommandsPerBufferedWebhook,
            $"a buffered webhook now costs {buffered.Count / (double)Deliveries} commands (limit {CommandsPerBufferedWebhook})");
        // The inbox row is marked consumed in the batch that fires the stimulus, not in a command of its own.
        Assert.Contains(routed, c => c.Contains("UPDATE webhook_inbox", StringComparison.Ordinal) && c.Contains("UPDATE instances", StringComparison.Ordinal));
    }

    // The Npgsql commands sent while the action runs, on this test's trace only.
    private static async Task<List<string>> TraceAsync(Func<Task> action)
    {
        var commands = new ConcurrentQueue<string>();
        using var root = new Activity("count").Start();
        var trace = root.TraceId;
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
                options.TraceId == trace ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.None,
            ActivityStopped = a => commands.Enqueue(a.GetTagItem("db.query.text") as string ?? a.GetTagItem("db.statement") as string ?? a.DisplayName),
        };
        ActivitySource.AddActivityListener(listener);
        await action();
        root.Stop();
        return [.. commands];
    }

    // Runs one instance of the workflow to its end and returns the Npgsql commands sent meanwhile by this drain.
    private static async Task<(int Count, List<string> Commands)> CountAsync(PostgresEngineNode node, string workflowId)
    {
        var instance = await node.Client.StartAsync(workflowId, null);
        var commands = await TraceAsync(() => node.Dispatcher.DrainAsync());
        Assert.Equal(WorkflowStatus.Completed, (await node.Client.GetInstanceAsync(instance.Id)).Status);
        return (commands.Count, commands);
    }
}
