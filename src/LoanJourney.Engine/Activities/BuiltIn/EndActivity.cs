namespace LoanJourney.Engine.Activities.BuiltIn;

/// <summary>Ends the journey with a journey outcome name such as <c>Disbursed</c> or <c>Rejected</c>.</summary>
[Activity("Core.End", Description = "End the journey with an outcome.", IsTerminal = true, IsPure = true)]
[ActivityInput("outcome", ActivityValueType.String, Required = true, Description = "Journey outcome name.")]
public sealed class EndActivity : Activity
{
    /// <inheritdoc />
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult(ActivityResult.EndJourney(context.GetRequiredString("outcome")));
    }
}
