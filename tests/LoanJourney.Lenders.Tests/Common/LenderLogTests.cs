using LoanJourney.Lenders.Common;
using Microsoft.Extensions.Logging;

namespace LoanJourney.Lenders.Tests.Common;

public sealed class LenderLogTests
{
    // The call line (LenderCallCompleted) already says the HTTP status and the lender's code of every call: the classification
    // repeats it at Information only when it says something the journey must react to.
    [Theory]
    [InlineData(LenderResultKind.Success, LogLevel.Debug)]
    [InlineData(LenderResultKind.Processing, LogLevel.Debug)]
    [InlineData(LenderResultKind.Rejected, LogLevel.Information)]
    [InlineData(LenderResultKind.RetryableFailure, LogLevel.Information)]
    [InlineData(LenderResultKind.TerminalFailure, LogLevel.Information)]
    public void Classified_LogsAtInformation_OnlyWhatIsNeitherDoneNorStillProcessing(LenderResultKind kind, LogLevel expected)
    {
        using var logs = new CapturingLoggerProvider();
        LenderLog.Classified(logs.CreateLogger("lenders"), "FinBoxPrism", "FinBoxPrism.GetBre", kind, "GEO-S-001", 200, null);

        Assert.Equal(expected, Assert.Single(logs.Entries).Level);
    }
}
