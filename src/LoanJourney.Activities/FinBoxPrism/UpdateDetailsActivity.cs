using System.Text.Json;
using System.Text.Json.Nodes;
using LoanJourney.Activities.Journey;
using LoanJourney.Engine.Activities;
using LoanJourney.Lenders.FinBoxPrism;

namespace LoanJourney.Activities.FinBoxPrism;

/// <summary>
/// Update User Details, either invocation: personal (basicDetails with personal + employment details, consents) or
/// NACH/EDI (mandateDetails, basicDetails.businessDetails, loanDetails.insuranceDetails). The objects are sent as given,
/// in the documented field names. The NACH invocation sends the borrower's <c>INSURANCE</c> consent with the insurance
/// details, as the document's sample does (<c>insuranceConsent</c>, its <c>type</c> set to <c>INSURANCE</c>); insurance
/// details without that consent are refused before any call (insurance is never bought without the borrower's consent).
/// </summary>
[Activity("FinBox.UpdateDetails", Description = "Prism v2: update user details (personal invocation or NACH/business/insurance invocation).", Outcomes = ["Done", "Rejected"],
    Outputs = ["reason", "lenderCode"])]
[ActivityInput("customerId", ActivityValueType.String, Required = true, Description = "customerID.")]
[ActivityInput("program", ActivityValueType.String, Description = "PERSONAL_LOAN (default) or EDI.")]
[ActivityInput("basicDetails", ActivityValueType.Object, Description = "personalDetails / employmentDetails / businessDetails, as documented.")]
[ActivityInput("consents", ActivityValueType.Array, Description = "Consents (type, timestamp, body, ipAddress, url); required by the personal invocation.")]
[ActivityInput("mandateDetails", ActivityValueType.Object, Description = "NACH mandate (EDI invocation).")]
[ActivityInput("loanDetails", ActivityValueType.Object, Description = "loanDetails.insuranceDetails (EDI invocation).")]
[ActivityInput("insuranceConsent", ActivityValueType.Object, Description = "The borrower's insurance consent (timestamp, body, ipAddress, url), sent in consents as type INSURANCE; required with loanDetails.insuranceDetails.")]
[ActivityInput("riskVariables", ActivityValueType.Object, Description = "Optional risk variables.")]
public sealed class UpdateDetailsActivity(IFinBoxPrismClient prism, JourneyOptions options) : Activity
{
    /// <summary>The consent type the document's NACH/insurance sample sends.</summary>
    private const string InsuranceConsentType = "INSURANCE";

    /// <inheritdoc />
    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var consents = context.GetInput<List<Consent>>("consents");
        if (context.GetInput<Consent>("insuranceConsent") is { } insuranceConsent)
        {
            consents = [.. consents ?? [], insuranceConsent with { Type = InsuranceConsentType }];
        }

        var loanDetails = context.GetInput<LoanDetails>("loanDetails");
        if (loanDetails?.InsuranceDetails is not null && consents?.Any(c => c.Type == InsuranceConsentType) != true)
        {
            return ActivityResult.Fail("InsuranceConsentMissing",
                "loanDetails.insuranceDetails is set but no INSURANCE consent was given (input 'insuranceConsent'); nothing was sent.", retryable: false);
        }

        var request = new UpdateUserDetailsRequest
        {
            CustomerID = context.GetRequiredString("customerId"),
            Program = context.GetOptionalString("program") ?? "PERSONAL_LOAN",
            BasicDetails = context.GetInput<BasicDetails>("basicDetails"),
            Consents = consents,
            MandateDetails = context.GetInput<MandateDetails>("mandateDetails"),
            LoanDetails = loanDetails,
            RiskVariables = context.GetInput<JsonElement?>("riskVariables"),
        };
        var result = await LenderCalls.CallAsync(context, ct => prism.UpdateUserDetailsAsync(request, ct));

        // The journal keeps the consents sent (masked by the recorder): the audit trail regulators ask for.
        return LenderResultMapping.Map(context, result, options.PollInterval, _ => ActivityResult.Complete("Done", new JsonObject()));
    }
}
