using System.Text.Json;
using System.Text.Json.Nodes;
using LoanJourney.Activities.Journey;
using LoanJourney.Engine.Activities;
using LoanJourney.Lenders.FinBoxPrism;

namespace LoanJourney.Activities.FinBoxPrism;

/// <summary>
/// Update User Details, either invocation: personal (basicDetails with personal + employment details, consents) or
/// NACH/EDI (mandateDetails, basicDetails.businessDetails, loanDetails.insuranceDetails). The objects are sent as given,
/// in the documented field names.
/// </summary>
[Activity("FinBox.UpdateDetails", Description = "Prism v2: update user details (personal invocation or NACH/business/insurance invocation).", Outcomes = ["Done", "Rejected"])]
[ActivityInput("customerId", ActivityValueType.String, Required = true, Description = "customerID.")]
[ActivityInput("program", ActivityValueType.String, Description = "PERSONAL_LOAN (default) or EDI.")]
[ActivityInput("basicDetails", ActivityValueType.Object, Description = "personalDetails / employmentDetails / businessDetails, as documented.")]
[ActivityInput("consents", ActivityValueType.Array, Description = "Consents (type, timestamp, body, ipAddress, url); required by the personal invocation.")]
[ActivityInput("mandateDetails", ActivityValueType.Object, Description = "NACH mandate (EDI invocation).")]
[ActivityInput("loanDetails", ActivityValueType.Object, Description = "loanDetails.insuranceDetails (EDI invocation).")]
[ActivityInput("riskVariables", ActivityValueType.Object, Description = "Optional risk variables.")]
public sealed class UpdateDetailsActivity(IFinBoxPrismClient prism, JourneyOptions options) : Activity
{
    /// <inheritdoc />
    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = new UpdateUserDetailsRequest
        {
            CustomerID = context.GetRequiredString("customerId"),
            Program = context.GetOptionalString("program") ?? "PERSONAL_LOAN",
            BasicDetails = context.GetInput<BasicDetails>("basicDetails"),
            Consents = context.GetInput<List<Consent>>("consents"),
            MandateDetails = context.GetInput<MandateDetails>("mandateDetails"),
            LoanDetails = context.GetInput<LoanDetails>("loanDetails"),
            RiskVariables = context.GetInput<JsonElement?>("riskVariables"),
        };
        var result = await LenderCalls.CallAsync(context, ct => prism.UpdateUserDetailsAsync(request, ct));

        // The journal keeps the consents sent (masked by the recorder): the audit trail regulators ask for.
        return LenderResultMapping.Map(context, result, options.PollInterval, _ => ActivityResult.Complete("Done", new JsonObject()));
    }
}
