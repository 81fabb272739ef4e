namespace LoanJourney.Engine.Errors;

/// <summary>An alteration or migration request names something the definition does not have (a step, a variable, a value of the wrong type).</summary>
public sealed class AlterationInvalidException(string field, string message)
    : WorkflowEngineException("alteration_invalid", $"{field}: {message}")
{
    /// <summary>The request field at fault, e.g. <c>stepId</c> or <c>set.offer</c>.</summary>
    public string Field { get; } = field;

    /// <summary>What is wrong with it.</summary>
    public string Detail { get; } = message;
}
