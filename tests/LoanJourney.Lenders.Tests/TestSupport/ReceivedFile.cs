namespace LoanJourney.Lenders.Tests.TestSupport;

public sealed record ReceivedFile(string Field, string FileName, long Length);
