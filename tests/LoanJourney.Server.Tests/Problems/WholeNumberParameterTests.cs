using System.Net;
using LoanJourney.Server.Tests.Support;

namespace LoanJourney.Server.Tests.Problems;

/// <summary>What a whole-number query parameter of the API answers when it does not parse or is out of its range.</summary>
public sealed class WholeNumberParameterTests(KestrelServer server) : IClassFixture<KestrelServer>
{
    private readonly HttpClient _api = server.CreateApiClient();

    // ?version=abc was answered "Must be a whole number from -2147483648 to 2147483647.": the machine's limits, not what a
    // version is. Every whole-number query parameter, bound by the framework or read by its handler, now says what it
    // takes in the same words (Http/WholeNumbers.cs), and quotes a limit only where the parameter has one of its own.
    [Theory]
    [InlineData("/api/workflows/test-review?version=abc", "version", "Must be a positive whole number (1 or more).")]
    [InlineData("/api/workflows/test-review/input-schema?version=abc", "version", "Must be a positive whole number (1 or more).")]
    [InlineData("/api/workflows/test-review/export?version=abc", "version", "Must be a positive whole number (1 or more).")]
    [InlineData("/api/workflows/test-review?version=99999999999", "version", "Must be a positive whole number (1 or more). 99999999999 is too large (at most 2147483647).")]
    [InlineData("/api/instances?version=abc", "version", "Must be a positive whole number (1 or more).")]
    [InlineData("/api/instances?version=0", "version", "Must be a positive whole number (1 or more).")]
    [InlineData("/api/instances?skip=abc", "skip", "Must be a whole number (0 or more).")]
    [InlineData("/api/instances?skip=1e20", "skip", "Must be a whole number (0 or more).")]
    [InlineData("/api/instances?take=abc", "take", "Must be a whole number from 1 to 500.")]
    [InlineData("/api/instances/any/journal?skip=-1", "skip", "Must be a whole number (0 or more).")]
    [InlineData("/api/instances/any/journal?take=1.5", "take", "Must be a whole number from 1 to 1000.")]
    [InlineData("/api/audit?before=abc", "before", "Must be a positive whole number (1 or more).")]
    [InlineData("/api/audit?skip=abc", "skip", "Must be a whole number (0 or more).")]
    [InlineData("/api/dashboard/funnel?workflowId=test-review&stuckAfterSeconds=abc", "stuckAfterSeconds", "Must be a whole number (0 or more).")]
    public async Task AWholeNumberQueryParameterThatDoesNotParse_SaysWhatItTakes_NotTheMachinesLimits(string path, string name, string message)
    {
        var response = await _api.GetAsync(new Uri(path, UriKind.Relative));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, name);
        Assert.Equal(message, Assert.Single(problem["errors"]![name]!.AsArray())!.GetValue<string>());
    }
}
