namespace LoanJourney.Engine.Definitions;

/// <summary>What a binding reads from.</summary>
public enum BindingRoot
{
    /// <summary>The start input: <c>$input.a.b</c>.</summary>
    Input,
    /// <summary>An earlier step's output: <c>$steps.id.output.a</c>.</summary>
    Steps,
    /// <summary>A variable: <c>$vars.x</c>.</summary>
    Vars,
}
