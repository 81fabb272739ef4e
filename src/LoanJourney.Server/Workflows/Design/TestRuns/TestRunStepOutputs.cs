using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using LoanJourney.Engine.Runtime;
using LoanJourney.Server.Instances;

namespace LoanJourney.Server.Workflows.Design.TestRuns;

/// <summary>
/// Each step run's own output in a test run, by journey and entry of its step history, masked when recorded (as the journey view masks
/// its data): the run's store keeps only a step's last output, so a step that ran more than once (a loop) showed it on its last entry
/// only until session 47. Lives as long as the run's host; nothing is written anywhere.
/// </summary>
internal sealed class TestRunStepOutputs : IStepOutputObserver
{
    private readonly ConcurrentDictionary<(string InstanceId, int Index), (string StepId, JsonNode? Output)> _outputs = new();

    /// <inheritdoc />
    /// <remarks>
    /// The output is the activity's live node, whose values may be CLR values (a <see cref="DateTimeOffset"/> an activity set),
    /// which the masker cannot read as strings: it is masked as the store will hold it, its JSON text parsed again. Before, the
    /// masker's exception failed the runner, and a FinBox v1 test run never left its eligibility step.
    /// </remarks>
    public void StepCompleted(string instanceId, int historyIndex, string stepId, JsonNode? output) =>
        _outputs[(instanceId, historyIndex)] = (stepId, output is null ? null : InstanceViews.Mask(JsonNode.Parse(output.ToJsonString())));

    /// <summary>The masked output step <paramref name="stepId"/> completed with at entry <paramref name="historyIndex"/>; false when none was recorded.</summary>
    public bool TryGet(string instanceId, int historyIndex, string stepId, out JsonNode? output)
    {
        if (_outputs.TryGetValue((instanceId, historyIndex), out var recorded) && recorded.StepId == stepId)
        {
            output = recorded.Output?.DeepClone();
            return true;
        }

        output = null;
        return false;
    }
}
