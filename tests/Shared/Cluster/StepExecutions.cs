using System.Text.Json.Nodes;

namespace LoanJourney.TestSupport;

/// <summary>One committed step execution: the node that ran it and when (from its start to its last journal entry), in Unix ms.</summary>
public sealed record StepExecution(string InstanceId, string? Node, long Start, long End);

/// <summary>
/// Step executions read back from the journal. An execution is a <c>StepStarted</c> or <c>StepResumed</c> entry (which
/// carries the node id and the start time) and the entries its commit wrote after it (lender calls, completion,
/// suspension, failure), up to the next execution. Executions of one instance are committed one after another under a
/// lease, so each must end before the next begins; an overlap would mean two nodes ran the instance at once.
/// </summary>
public sealed class StepExecutions
{
    // Written outside a runner's commit (by the API or an operator): not part of an execution.
    private static readonly HashSet<string> ExternalKinds = new(StringComparer.Ordinal)
    {
        "InstanceStarted", "SignalReceived", "WebhookReceived", "CancelRequested", "IncidentRetried", "IncidentSkipped",
    };

    public IReadOnlyList<StepExecution> All { get; private init; } = [];

    /// <summary>Pairs of consecutive executions of one instance where the later one began before the earlier one ended.</summary>
    public IReadOnlyList<string> Overlaps { get; private init; } = [];

    public int WithoutNode => All.Count(e => e.Node is null);

    /// <summary>Instances whose executions ran on more than one node.</summary>
    public int InstancesOnSeveralNodes => All.GroupBy(e => e.InstanceId, StringComparer.Ordinal).Count(g => g.Select(e => e.Node).Distinct(StringComparer.Ordinal).Count() > 1);

    public IReadOnlyDictionary<string, int> PerNode => All.GroupBy(e => e.Node ?? "?", StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    public static StepExecutions FromJournal(IEnumerable<(string InstanceId, long At, string Kind, string? Data)> rows)
    {
        var all = new List<StepExecution>();
        var overlaps = new List<string>();
        foreach (var instance in rows.GroupBy(r => r.InstanceId, StringComparer.Ordinal))
        {
            var mine = new List<StepExecution>();
            foreach (var (id, at, kind, data) in instance)
            {
                if (kind is "StepStarted" or "StepResumed")
                {
                    mine.Add(new StepExecution(id, data is null ? null : JsonNode.Parse(data)?["node"]?.GetValue<string>(), at, at));
                }
                else if (mine.Count > 0 && !ExternalKinds.Contains(kind))
                {
                    mine[^1] = mine[^1] with { End = Math.Max(mine[^1].End, at) };
                }
            }

            for (var i = 1; i < mine.Count; i++)
            {
                if (mine[i].Start < mine[i - 1].End)
                {
                    overlaps.Add($"{instance.Key}: {mine[i - 1].Node} [{mine[i - 1].Start}..{mine[i - 1].End}] and {mine[i].Node} [{mine[i].Start}..{mine[i].End}]");
                }
            }

            all.AddRange(mine);
        }

        return new StepExecutions { All = all, Overlaps = overlaps };
    }
}
