using System.Text.Json.Nodes;
using LoanJourney.Activities.Journey;
using LoanJourney.Engine.Activities;
using LoanJourney.Lenders.FinBoxPrism;

namespace LoanJourney.Activities.FinBoxPrism;

/// <summary>Uploads one document (Aadhaar XML, selfie, loan agreement, business proof) for an EDI journey.</summary>
[Activity("FinBox.UploadDocument", Description = "Prism v2: upload a document (AADHAAR_XML, SELFIE, LOAN_AGREEMENT, BUSINESS_PROOF_DOC).", Outcomes = ["Done", "Rejected"],
    Outputs = ["documentType", "reason", "lenderCode"])]
[ActivityInput("customerId", ActivityValueType.String, Required = true, Description = "customerID.")]
[ActivityInput("program", ActivityValueType.String, Description = "EDI (default) or PERSONAL_LOAN.")]
[ActivityInput("documentType", ActivityValueType.String, Required = true, Description = "AADHAAR_XML, SELFIE, LOAN_AGREEMENT or BUSINESS_PROOF_DOC.")]
[ActivityInput("file", ActivityValueType.Object, Required = true, Description = "{fileName, contentBase64, contentType?}, at most 5 MB.")]
public sealed class UploadDocumentActivity(IFinBoxPrismClient prism, JourneyOptions options) : Activity
{
    /// <inheritdoc />
    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var documentType = context.GetRequiredString("documentType");
        if (!PrismDocumentTypes.FileField.ContainsKey(documentType))
        {
            throw new ActivityInputException("documentType", $"Unknown document type '{documentType}'.");
        }

        var file = context.GetInput<StatementFile>("file")?.ToLenderFile("application/octet-stream")
            ?? throw new ActivityInputException("file", "Input 'file' must be {fileName, contentBase64} with valid base64.");
        var request = new DocumentUploadRequest
        {
            CustomerID = context.GetRequiredString("customerId"),
            Program = context.GetOptionalString("program") ?? "EDI",
            DocumentType = documentType,
            File = file,
        };
        var result = await LenderCalls.CallAsync(context, ct => prism.UploadDocumentAsync(request, ct));
        return LenderResultMapping.Map(context, result, options.PollInterval,
            _ => ActivityResult.Complete("Done", new JsonObject { ["documentType"] = documentType }));
    }
}
