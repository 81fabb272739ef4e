using LoanJourney.Lenders.Common;

namespace LoanJourney.Lenders.FinBoxPrism;

/// <summary>Document Upload API request: multipart fields <c>program</c>, <c>documentType</c>, <c>customerID</c> and the file under the
/// field <see cref="PrismDocumentTypes.FileField"/> names for the type.</summary>
public sealed record DocumentUploadRequest
{
    public required string CustomerID { get; init; }

    public string Program { get; init; } = "EDI";

    /// <summary>A <see cref="PrismDocumentTypes"/> value.</summary>
    public required string DocumentType { get; init; }

    public required LenderFile File { get; init; }
}
