using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace LoanJourney.Bench;

/// <summary>
/// <c>scale-servers</c>: journeys/s with 1, 2 and 3 server processes on one PostgreSQL, in one run, each running
/// personal-loan journeys against one sandbox process (the scale-out tests' cluster: Release builds of the server and
/// sandbox, a fresh database per node count, journeys started over all nodes' APIs, counted from the first start to the
/// last completion); then the raw rate of a same-shaped PostgreSQL transaction (as <c>scale</c> measures it).
/// </summary>
internal static class ScaleServersBench
{
    public static async Task RunAsync(string adminConnectionString, int journeys)
    {
        Console.WriteLine($"scale-servers: {journeys} personal-loan journeys per node count, server processes + one sandbox process, one PostgreSQL");
        Console.WriteLine("| server processes | journeys/s | steps/s | scaling vs 1 node |");
        Console.WriteLine("| ---: | ---: | ---: | ---: |");
        double? single = null;
        double bestSteps = 0;
        foreach (var nodes in new[] { 1, 2, 3 })
        {
            await using var cluster = await Cluster.StartAsync(adminConnectionString, $"bench{nodes}", nodes);
            var run = new LoanRun(cluster);
            var clock = Stopwatch.StartNew();
            await run.StartAsync(journeys);
            await run.WaitCompletedAsync(journeys, TimeSpan.FromMinutes(20));
            var elapsed = clock.Elapsed.TotalSeconds;
            var steps = (await run.ExecutionsAsync()).All.Count;
            var disbursed = (await run.EndStatesAsync()).Values.Count(s => s == ("Completed", "Disbursed"));
            if (disbursed != journeys)
            {
                throw new InvalidOperationException($"{disbursed} of {journeys} journeys were disbursed");
            }

            var rate = journeys / elapsed;
            single ??= rate;
            bestSteps = Math.Max(bestSteps, steps / elapsed);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {nodes} | {rate:F1} | {steps / elapsed:F0} | {rate / single.Value:F2} |"));
        }

        var database = $"lj_raw_{Guid.NewGuid():N}"[..30];
        await ExecuteAsync(adminConnectionString, $"CREATE DATABASE {database}");
        try
        {
            var raw = await ScaleBench.RawRateAsync(new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = database }.ConnectionString, connections: 16, transactions: 20_000);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"raw same-shaped transactions/s (16 connections): {raw:F0}; best steps/s {bestSteps:F0} = {bestSteps / raw:F2} of raw"));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(adminConnectionString, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
