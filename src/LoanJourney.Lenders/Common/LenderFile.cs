namespace LoanJourney.Lenders.Common;

/// <summary>A file sent in a multipart request (bank statement, Aadhaar XML, selfie …).</summary>
public sealed record LenderFile(string FileName, ReadOnlyMemory<byte> Content, string ContentType = "application/octet-stream")
{
    /// <summary>The size in bytes.</summary>
    public long Length => Content.Length;
}
