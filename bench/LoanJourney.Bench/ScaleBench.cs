using System.Diagnostics;
using System.Globalization;
using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Runtime;
using LoanJourney.Engine.Storage.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LoanJourney.Bench;

/// <summary>
/// Journeys per second with 1, 2 and 3 engine nodes (each its own service provider, store, connection pool and hosted
/// dispatcher, in this process) on one PostgreSQL database, and the step rate next to the raw rate of a same-shaped
/// PostgreSQL transaction (update the state row + append two journal rows in one batch, then commit) from as many
/// connections as the nodes run runners, measured in the same run.
/// </summary>
internal static class ScaleBench
{
    private const int Steps = 10;
    private static readonly string[] JournalKinds = ["StepStarted", "StepCompleted"];
    private static readonly string[] JournalData = ["""{"activity":"Bench.Noop"}""", """{"outcome":"Done"}"""];

    public static async Task RunAsync(string root, string connectionString, int journeys)
    {
        Console.WriteLine($"scale: {journeys} journeys x {Steps} no-op steps per node count; all started first, then the nodes' dispatchers run them (MaxConcurrency 16 per node)");
        Console.WriteLine("| nodes | journeys/s | steps/s | scaling vs 1 node |");
        Console.WriteLine("| ---: | ---: | ---: | ---: |");
        double? single = null;
        double best = 0;
        foreach (var nodes in new[] { 1, 2, 3 })
        {
            var rate = await JourneyRateAsync(root, connectionString, nodes, journeys);
            single ??= rate;
            best = Math.Max(best, rate);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {nodes} | {rate:F1} | {rate * Steps:F0} | {rate / single.Value:F2} |"));
        }

        var raw = await RawRateAsync(connectionString, connections: 16, transactions: 20_000);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"raw same-shaped transactions/s (16 connections): {raw:F0}; best engine steps/s {best * Steps:F0} = {best * Steps / raw:F2} of raw"));
    }

    private static async Task<double> JourneyRateAsync(string root, string connectionString, int nodeCount, int journeys)
    {
        var schemaConnection = await CreateSchemaAsync(connectionString, $"bench_scale_{nodeCount}_{Guid.NewGuid():N}");
        var definitions = Path.Combine(root, $"scale-{nodeCount}");
        Directory.CreateDirectory(definitions);
        var steps = string.Join(",\n", Enumerable.Range(1, Steps).Select(i =>
            $$"""{ "id": "s{{i}}", "activity": "Bench.Noop", "inputs": {}{{(i < Steps ? $$""", "next": { "Done": "s{{i + 1}}" }""" : "")}} }"""));
        await File.WriteAllTextAsync(Path.Combine(definitions, "journey.json"),
            $$"""{ "id": "journey", "version": 1, "title": "bench", "input": [], "variables": {}, "start": "s1", "steps": [ {{steps}} ] }""");
        var nodes = Enumerable.Range(1, nodeCount).Select(n => Node(schemaConnection, definitions, $"node-{n}")).ToList();
        try
        {
            foreach (var node in nodes)
            {
                await node.GetRequiredService<EngineInitializer>().EnsureInitializedAsync();
            }

            var client = nodes[0].GetRequiredService<IWorkflowClient>();
            await Parallel.ForEachAsync(Enumerable.Range(0, journeys), new ParallelOptions { MaxDegreeOfParallelism = 16 },
                async (_, ct) => await client.StartAsync("journey", null, cancellationToken: ct));
            var clock = Stopwatch.StartNew();
            foreach (var node in nodes)
            {
                await node.GetRequiredService<WorkflowDispatcher>().StartAsync(CancellationToken.None);
            }

            while ((await client.ListInstancesAsync(new InstanceQuery { Take = 1 })).CountsByStatus[WorkflowStatus.Completed] < journeys)
            {
                await Task.Delay(20);
            }

            return journeys / clock.Elapsed.TotalSeconds;
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.GetRequiredService<WorkflowDispatcher>().StopAsync(CancellationToken.None);
                await node.DisposeAsync();
            }
        }
    }

    internal static ServiceProvider Node(string connectionString, string definitions, string nodeId)
    {
        var services = new ServiceCollection();
        services.AddLoanJourneyEngine(o =>
        {
            o.Store = StoreProvider.Postgres;
            o.ConnectionString = connectionString;
            o.DefinitionsDirectory = definitions;
            o.FailOnDefinitionErrors = true;
            o.NodeId = nodeId;
            o.MaxConcurrency = 16;
            o.MinPollInterval = TimeSpan.FromMilliseconds(50);
        });
        services.AddActivity<NoopActivity>();
        return services.BuildServiceProvider();
    }

    internal static async Task<string> CreateSchemaAsync(string connectionString, string schema)
    {
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = schema }.ConnectionString;
    }

    internal static async Task<double> RawRateAsync(string connectionString, int connections, int transactions)
    {
        var schema = await CreateSchemaAsync(connectionString, $"bench_raw_{Guid.NewGuid():N}");
        using (var store = new PostgresWorkflowStore(new PostgresStoreOptions { ConnectionString = schema }, TimeProvider.System))
        {
            await store.InitializeAsync(default);
        }

        await using var dataSource = NpgsqlDataSource.Create(schema);
        await using (var seed = dataSource.CreateCommand(
            "INSERT INTO instances (id, workflow_id, workflow_version, status, input_json, variables_json, outputs_json, history_json, current_step, attempt, " +
            "ready_at, version, lease_owner, lease_token, lease_expires_at, created_at, updated_at) " +
            "SELECT 'i' || g, 'journey', 1, 'Running', '{}', '{}', '{}', '[]', 's1', 1, 0, 1, 'bench', 1, 0, 0, 0 FROM generate_series(0, @n - 1) g"))
        {
            seed.Parameters.AddWithValue("n", connections);
            await seed.ExecuteNonQueryAsync();
        }

        // ~600 characters of valid JSON: the operator-view trigger of migration 0017 reads history_json as jsonb.
        var state = "[\"" + new string('x', 596) + "\"]";
        var perConnection = transactions / connections;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(async c =>
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            for (var step = 1; step <= perConnection; step++)
            {
                await using var transaction = await connection.BeginTransactionAsync();
                await using var batch = new NpgsqlCommand(
                    "UPDATE instances SET status = 'Running', variables_json = '{}', outputs_json = '{}', history_json = @h, current_step = @step, attempt = 1, " +
                    "ready_at = @now, version = version + 1, lease_expires_at = @now, updated_at = @now " +
                    "WHERE id = @id AND version = @version AND lease_owner = 'bench' AND lease_token = 1 RETURNING version, cancel_requested;" +
                    "INSERT INTO journal (instance_id, at, kind, step_id, attempt, data_json) SELECT * FROM unnest(@ids::text[], @ats::bigint[], @kinds::text[], @steps::text[], @attempts::bigint[], @data::text[]);",
                    connection, transaction);
                var id = "i" + c;
                var stepId = "s" + step;
                batch.Parameters.AddWithValue("h", state);
                batch.Parameters.AddWithValue("step", stepId);
                batch.Parameters.AddWithValue("now", (long)step);
                batch.Parameters.AddWithValue("id", id);
                batch.Parameters.AddWithValue("version", (long)step);
                batch.Parameters.AddWithValue("ids", new[] { id, id });
                batch.Parameters.AddWithValue("ats", new[] { (long)step, step });
                batch.Parameters.AddWithValue("kinds", JournalKinds);
                batch.Parameters.AddWithValue("steps", new[] { stepId, stepId });
                batch.Parameters.AddWithValue("attempts", new long?[] { 1, 1 });
                batch.Parameters.AddWithValue("data", JournalData);
                await batch.ExecuteNonQueryAsync();
                await transaction.CommitAsync();
            }
        }));
        return perConnection * connections / clock.Elapsed.TotalSeconds;
    }
}
