namespace LoanJourney.Lenders.Tests.TestSupport;

public sealed record ReceivedRequest(
    string Method,
    string Path,
    string Query,
    IReadOnlyDictionary<string, string> Headers,
    byte[] Body,
    IReadOnlyDictionary<string, string> Form,
    IReadOnlyList<ReceivedFile> Files)
{
    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);
}
