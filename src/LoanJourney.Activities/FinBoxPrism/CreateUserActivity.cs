using System.Text.Json.Nodes;
using LoanJourney.Activities.Journey;
using LoanJourney.Engine.Activities;
using LoanJourney.Lenders.FinBoxPrism;

namespace LoanJourney.Activities.FinBoxPrism;

/// <summary>Creates the borrower at FinBox (an existing customer, <c>CUR-E-002</c>, continues the journey).</summary>
[Activity("FinBox.CreateUser", Description = "Prism v2: create the user (an existing user continues).", Outcomes = ["Done", "Rejected"], Outputs = ["existing", "reason", "lenderCode"])]
[ActivityInput("customerId", ActivityValueType.String, Required = true, Description = "Our customer id, sent as customerID.")]
[ActivityInput("mobile", ActivityValueType.String, Required = true, Description = "Borrower mobile (10 digits).")]
public sealed class CreateUserActivity(IFinBoxPrismClient prism, JourneyOptions options) : Activity
{
    /// <inheritdoc />
    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = new CreateUserRequest { CustomerID = context.GetRequiredString("customerId"), Mobile = context.GetRequiredString("mobile") };
        var result = await LenderCalls.CallAsync(context, ct => prism.CreateUserAsync(request, ct));
        return LenderResultMapping.Map(context, result, options.PollInterval,
            r => ActivityResult.Complete("Done", new JsonObject { ["existing"] = r.LenderCode == "CUR-E-002" }));
    }
}
