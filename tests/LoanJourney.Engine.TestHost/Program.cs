using System.Globalization;
using System.Text.Json.Nodes;
using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Errors;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Runtime;
using LoanJourney.Engine.TestHost;
using Microsoft.Extensions.DependencyInjection;

// A child process for the crash-safety and two-process tests: runs the engine on a SQLite file until every instance of
// its workflow is finished (or until the test kills it), approving the crash workflow's signal wait itself.
var host = HostArguments.Parse(args);
if (host.DieAfterMs is { } dieAfterMs)
{
    _ = Task.Delay(dieAfterMs).ContinueWith(_ => RecordFile.Die(), TaskScheduler.Default);
}

var definitions = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(host.DatabasePath))!, $"workflows-{Environment.ProcessId}");
Directory.CreateDirectory(definitions);
await File.WriteAllTextAsync(Path.Combine(definitions, host.Workflow + ".json"), host.Workflow == "crash" ? HostWorkflows.Crash : HostWorkflows.Pair);

using var record = new RecordFile(host.RecordPath, host.DieAfterRecords, host.DieJitterMs);
var services = new ServiceCollection();
services.AddSingleton(record);
services.AddSingleton(host);
services.AddLoanJourneyEngine(o =>
{
    o.DatabasePath = host.DatabasePath;
    o.DefinitionsDirectory = definitions;
    o.FailOnDefinitionErrors = true;
    o.NodeId = host.NodeId;
    o.MaxConcurrency = host.Concurrency;
    o.LeaseDuration = TimeSpan.FromSeconds(5);
    o.MinPollInterval = TimeSpan.FromMilliseconds(5);
    o.MaxPollInterval = TimeSpan.FromMilliseconds(40);
});
services.AddActivity<RecordActivity>();
services.AddActivity<FlakyActivity>();
services.AddActivity<MarkActivity>();
services.AddActivity<GateActivity>();
await using var provider = services.BuildServiceProvider();
var client = provider.GetRequiredService<IWorkflowClient>();
await provider.GetRequiredService<EngineInitializer>().EnsureInitializedAsync();

// Idempotency keys make the seeding safe to repeat after every restart and from two processes at once.
for (var i = 0; i < host.Instances; i++)
{
    await client.StartAsync(host.Workflow, new JsonObject(), new StartOptions { IdempotencyKey = string.Create(CultureInfo.InvariantCulture, $"{host.Workflow}-{i}") });
}

if (host.ReadyFile is not null)
{
    await File.WriteAllTextAsync(host.ReadyFile, Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
}

while (host.GoFile is not null && !File.Exists(host.GoFile))
{
    await Task.Delay(5);
}

var dispatcher = provider.GetRequiredService<WorkflowDispatcher>();
await dispatcher.StartAsync(CancellationToken.None);
while (true)
{
    var waiting = await client.QueryInstancesAsync(new InstanceQuery { WorkflowId = host.Workflow, Status = WorkflowStatus.Waiting, Take = 500 });
    foreach (var summary in waiting.Items)
    {
        var instance = await client.GetInstanceAsync(summary.Id);
        if (instance.Bookmarks.Any(b => b is { Kind: BookmarkKind.Signal, Name: "approve" }))
        {
            try
            {
                await client.SignalAsync(instance.Id, "approve", new JsonObject { ["by"] = "host" });
            }
            catch (SignalNotExpectedException)
            {
                // Another process approved it first.
            }
        }
    }

    var finished = (await client.QueryInstancesAsync(new InstanceQuery { WorkflowId = host.Workflow, Status = WorkflowStatus.Completed, Take = 1 })).Total
        + (await client.QueryInstancesAsync(new InstanceQuery { WorkflowId = host.Workflow, Status = WorkflowStatus.Faulted, Take = 1 })).Total;
    if (finished >= host.Instances)
    {
        break;
    }

    await Task.Delay(10);
}

await dispatcher.StopAsync(CancellationToken.None);
return 0;
