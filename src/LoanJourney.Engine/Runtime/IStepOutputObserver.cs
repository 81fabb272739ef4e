using System.Text.Json.Nodes;

namespace LoanJourney.Engine.Runtime;

/// <summary>
/// Told each step run's own output as the runner sets it, before the commit that stores it (optional: registered only by a draft's
/// test run, whose report shows every run of a step, not just what <c>$steps.&lt;id&gt;.output</c> holds at the end). The stored outputs
/// keep one value per step, and consecutive pure steps share one commit, so neither the store nor its commits can tell a step's
/// earlier runs. A run whose commit fails is executed again at the same history index, so the last call for an index wins.
/// </summary>
public interface IStepOutputObserver
{
    /// <summary>Step <paramref name="stepId"/> completed at entry <paramref name="historyIndex"/> of the journey's step history with <paramref name="output"/> (null when none).</summary>
    void StepCompleted(string instanceId, int historyIndex, string stepId, JsonNode? output);
}
