using LoanJourney.Lenders.Common;

namespace LoanJourney.Lenders.FinBoxPrism;

/// <summary>Trigger Banking API form request: sent as multipart fields <c>customerID</c>, <c>files</c> (one part per file),
/// <c>bankName</c>, <c>uploadType</c> and the optional <c>pdfPassword</c>.</summary>
public sealed record TriggerBankingRequest
{
    /// <summary>The documented per-file limit ("Size limit is 5MB"), read as 5 MiB; checked before anything is sent.</summary>
    public const long MaxFileBytes = 5L * 1024 * 1024;

    public required string CustomerID { get; init; }

    public required IReadOnlyList<LenderFile> Files { get; init; }

    /// <summary><c>banks.name</c> from the Bank List API.</summary>
    public required string BankName { get; init; }

    /// <summary><c>PDF</c> or <c>BASE64</c>.</summary>
    public string UploadType { get; init; } = "PDF";

    public string? PdfPassword { get; init; }
}
