using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Npgsql;

namespace LoanJourney.TestSupport;

/// <summary>One personal-loan journey of a run: its instance id, the sandbox keys its effects are counted under, the node it was started on.</summary>
public sealed record LoanJourneyRef(string Id, string CustomerId, string PartnerRef, string StartedOn);

/// <summary>
/// A run of personal-loan journeys on a <see cref="Cluster"/>: starts them spread over the nodes' APIs, follows their
/// progress in the database the nodes share, and reads back what they committed and what the sandbox saw.
/// </summary>
public sealed class LoanRun(Cluster cluster)
{
    /// <summary>Journeys per run: <c>SCALEOUT_JOURNEYS</c>, or <paramref name="fallback"/>.</summary>
    public static int JourneyCount(int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable("SCALEOUT_JOURNEYS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : fallback;

    /// <summary>Starts <paramref name="count"/> journeys, journey i on node i mod nodes, a few at a time (Idempotency-Key = customer id).</summary>
    public async Task<IReadOnlyList<LoanJourneyRef>> StartAsync(int count, int parallel = 12)
    {
        var inputs = Enumerable.Range(0, count).Select(_ => Samples.Prism(Samples.PersonalLoan)).ToList();
        var started = new LoanJourneyRef[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (i, cancel) =>
        {
            var node = cluster.Nodes[i % cluster.Nodes.Count];
            var (input, customerId, partnerRef) = inputs[i];
            using var request = new HttpRequestMessage(HttpMethod.Post, $"api/workflows/{Samples.PersonalLoan}/instances")
            {
                Content = new StringContent(input.ToJsonString(), Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("Idempotency-Key", customerId);
            using var response = await node.Api.SendAsync(request, cancel);
            var body = await response.Content.ReadAsStringAsync(cancel);
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                throw new InvalidOperationException($"Start on {node.Id} answered {(int)response.StatusCode}: {body}");
            }

            started[i] = new LoanJourneyRef(JsonNode.Parse(body)!["id"]!.GetValue<string>(), customerId, partnerRef, node.Id);
        });
        return started;
    }

    /// <summary>Instances per status right now; null while the database is unreachable.</summary>
    public async Task<IReadOnlyDictionary<string, int>?> StatusCountsAsync()
    {
        try
        {
            await using var connection = new NpgsqlConnection(cluster.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT status, count(*) FROM instances GROUP BY status", connection);
            await using var reader = await command.ExecuteReaderAsync();
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            while (await reader.ReadAsync())
            {
                counts[reader.GetString(0)] = (int)reader.GetInt64(1);
            }

            return counts;
        }
        catch (NpgsqlException)
        {
            return null;
        }
    }

    /// <summary>
    /// Waits until <paramref name="completed"/> journeys completed; a faulted journey fails at once with its incident.
    /// <paramref name="stall"/> bounds how long the completed count may stay the same, not the whole run: on a loaded
    /// machine the run is slower but keeps moving, and only a run that stops moving fails.
    /// </summary>
    public async Task WaitCompletedAsync(int completed, TimeSpan stall)
    {
        var sinceProgress = Stopwatch.StartNew();
        var best = -1;
        IReadOnlyDictionary<string, int>? last = null;
        while (sinceProgress.Elapsed < stall)
        {
            last = await StatusCountsAsync() ?? last;
            if (last is not null && last.GetValueOrDefault("Faulted") > 0 && !await DecideOutcomeUnknownAsync())
            {
                throw new InvalidOperationException($"Journeys faulted: {await IncidentsAsync()}\n{cluster.Diagnostics()}");
            }

            var now = last?.GetValueOrDefault("Completed") ?? -1;
            if (now >= completed)
            {
                return;
            }

            if (now > best)
            {
                best = now;
                sinceProgress.Restart();
            }

            await Task.Delay(Poll.Interval * 5);
        }

        throw new TimeoutException($"{completed} completed journeys not reached: no journey completed for {stall}; statuses: {Describe(last)}\n{cluster.Diagnostics()}");
    }

    /// <summary>Each instance's status and outcome, from the database.</summary>
    public async Task<IReadOnlyDictionary<string, (string Status, string? Outcome)>> EndStatesAsync()
    {
        var states = new Dictionary<string, (string, string?)>(StringComparer.Ordinal);
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id, status, outcome FROM instances", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            states[reader.GetString(0)] = (reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2));
        }

        return states;
    }

    /// <summary>Every step execution the nodes committed (from the journal), per instance in commit order.</summary>
    public async Task<StepExecutions> ExecutionsAsync()
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT instance_id, at, kind, data_json FROM journal ORDER BY instance_id, seq", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, long, string, string?)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        }

        return StepExecutions.FromJournal(rows);
    }

    /// <summary>The sandbox's effect counters, by customer id or partner reference.</summary>
    public async Task<IReadOnlyDictionary<string, Dictionary<string, int>>> CountersAsync() =>
        await cluster.Sandbox.GetFromJsonAsync<Dictionary<string, Dictionary<string, int>>>("sandbox/counters") ?? [];

    /// <summary>Duplicate requests the sandbox answered as already done, summed by kind (retries that moved nothing).</summary>
    public static string Duplicates(IReadOnlyDictionary<string, Dictionary<string, int>> counters)
    {
        var sums = counters.Values.SelectMany(c => c).Where(c => c.Key.EndsWith("Duplicate", StringComparison.Ordinal))
            .GroupBy(c => c.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Sum(c => c.Value)}").Order(StringComparer.Ordinal).ToList();
        return sums.Count == 0 ? "none" : string.Join(", ", sums);
    }

    /// <summary>The first few open incidents, for a failure message.</summary>
    public async Task<string> IncidentsAsync()
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT instance_id, step_id, error_kind, message FROM incidents LIMIT 10", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var text = new StringBuilder();
        while (await reader.ReadAsync())
        {
            text.Append(CultureInfo.InvariantCulture, $"{reader.GetString(0)} at {reader.GetString(1)}: {reader.GetString(2)} {reader.GetString(3)}; ");
        }

        return text.ToString();
    }

    /// <summary>Outcome-unknown money-call decisions this run made as an operator (see <see cref="DecideOutcomeUnknownAsync"/>).</summary>
    public int OperatorDecisions { get; private set; }

    /// <summary>
    /// A step in flight when a node or the database went away may have sent a money call whose answer was never recorded: by
    /// design (docs/api.md, outcome-unknown incidents) it asks the operator instead of resending. The operator's answer here
    /// is "not sent": FinBox deduplicates a re-trigger (FBX-S-208), and <see cref="AssertEveryJourneyCompletedOnceAsync"/>
    /// still proves every disbursal took effect once. True when every open incident was such a question and is answered.
    /// </summary>
    public async Task<bool> DecideOutcomeUnknownAsync()
    {
        var open = new List<(string Instance, string Kind)>();
        try
        {
            await using var connection = new NpgsqlConnection(cluster.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT instance_id, error_kind FROM incidents WHERE resolved_at IS NULL", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                open.Add((reader.GetString(0), reader.GetString(1)));
            }
        }
        catch (NpgsqlException)
        {
            return true;
        }

        if (open.Count == 0 || open.Any(o => o.Kind != "OutcomeUnknown") || OperatorDecisions > 50)
        {
            return open.Count == 0;
        }

        foreach (var (instance, _) in open)
        {
            using var response = await cluster.Nodes[0].Api.PostAsync(new Uri($"api/instances/{instance}/incident/confirm-not-sent", UriKind.Relative),
                new StringContent("""{"reason":"the sandbox's counters show it was not sent"}""", System.Text.Encoding.UTF8, "application/json"));
            if (response.StatusCode is not (HttpStatusCode.Accepted or HttpStatusCode.Conflict))
            {
                return false;
            }

            OperatorDecisions++;
        }

        return true;
    }

    private static string Describe(IReadOnlyDictionary<string, int>? counts) =>
        counts is null ? "unknown" : string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}"));
}
