namespace LoanJourney.Engine.Activities.BuiltIn;

/// <summary>Ends the journey with a journey outcome name such as <c>Disbursed</c> or <c>Rejected</c>.</summary>
[Activity("Core.End", Description = "End the journey with an outcome.", IsTerminal = true, IsPure = true)]
[ActivityInput("outcome", ActivityValueType.String, Required = true, IsJourneyOutcome = true,
    Description = "Journey outcome name: a literal such as Disbursed (letters, digits, '_' or '-'), or a child journey's outcome.")]
public sealed class EndActivity : Activity
{
    /// <inheritdoc />
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult(ActivityResult.EndJourney(context.GetRequiredString("outcome")));
    }
}
