using System.Text.Json.Nodes;
using LoanJourney.Activities.Journey;
using LoanJourney.Engine.Activities;
using LoanJourney.Lenders.FinBoxSourcing;

namespace LoanJourney.Activities.FinBoxSourcing;

/// <summary>Creates the borrower on FinBox Sourcing v1 (HTTP 409 "already exists" continues).</summary>
[Activity("FinBoxSdk.CreateUser", Description = "Sourcing v1: create the user (an existing user continues).", Outcomes = ["Done", "Rejected"],
    Outputs = ["existing", "reason", "lenderCode"])]
[ActivityInput("customerId", ActivityValueType.String, Required = true, Description = "customerID.")]
[ActivityInput("mobile", ActivityValueType.String, Required = true, Description = "Borrower mobile (10 digits).")]
public sealed class CreateSdkUserActivity(IFinBoxSourcingClient sourcing, JourneyOptions options) : Activity
{
    /// <inheritdoc />
    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = new CreateUserRequest { CustomerID = context.GetRequiredString("customerId"), Mobile = context.GetRequiredString("mobile") };
        var result = await LenderCalls.CallAsync(context, ct => sourcing.CreateUserAsync(request, ct));
        return LenderResultMapping.Map(context, result, options.PollInterval,
            r => ActivityResult.Complete("Done", new JsonObject { ["existing"] = r.HttpStatus == 409 }));
    }
}
