namespace LoanJourney.Engine.Activities.BuiltIn;

/// <summary>Sets a workflow variable to a bound value.</summary>
[Activity("Core.SetVariable", Description = "Set a workflow variable.", IsPure = true)]
[ActivityInput("name", ActivityValueType.String, Required = true, Description = "Variable name (declared in the definition).")]
[ActivityInput("value", ActivityValueType.Any, Required = true, Description = "The value; may be a binding.")]
public sealed class SetVariableActivity : Activity
{
    /// <inheritdoc />
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.SetVariable(context.GetRequiredString("name"), context.GetInput("value"));
        return ValueTask.FromResult(ActivityResult.Complete());
    }
}
