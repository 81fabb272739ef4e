using LoanJourney.Engine.Activities;

namespace LoanJourney.Server.Tests.Privacy;

/// <summary>
/// A test activity that fails the way a bug or a library does: an exception (with an inner one) whose message quotes the
/// borrower's data it was handed, as a <c>FormatException</c> of a parse or a driver error quoting a value would.
/// </summary>
[Activity(TypeName, Description = "Test: throws an exception quoting its inputs.")]
[ActivityInput("pan", ActivityValueType.String)]
[ActivityInput("mobile", ActivityValueType.String)]
[ActivityInput("email", ActivityValueType.String)]
[ActivityInput("name", ActivityValueType.String)]
[ActivityInput("dob", ActivityValueType.String)]
public sealed class ExplodingActivity : Activity
{
    public const string TypeName = "Test.Explode";

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var inner = new FormatException($"The string '{context.GetOptionalString("dob")}' was not recognized as a valid DateTime (borrower {context.GetOptionalString("name")}).");
        throw new InvalidOperationException(
            $"Could not score PAN {context.GetOptionalString("pan")}, mobile +91{context.GetOptionalString("mobile")}, email {context.GetOptionalString("email")}.", inner);
    }
}
