using LoanJourney.Engine.Definitions;
using LoanJourney.Engine.Errors;
using LoanJourney.Server.Problems;
using Microsoft.AspNetCore.Http;

namespace LoanJourney.Server.Tests.Problems;

/// <summary>
/// A stored version this build cannot compile (an activity removed or renamed since it was published) is a 409 problem naming
/// what is wrong, not a 500: the upgrade walk of session 39 got 500s reading, migrating and cancelling its journeys.
/// </summary>
public sealed class VersionUnloadableProblemTests
{
    [Fact]
    public void AVersionThatNoLongerCompilesIsAConflictNamingItsProblems()
    {
        var error = new DefinitionError("store", "paylater", "block", DefinitionErrorCode.UnknownActivity, "Activity type 'CapitalFloat.Old' is not registered.", "activity");

        var problem = EngineExceptionHandler.ToProblem(new DefinitionLoadException([error]))!;

        Assert.Equal(StatusCodes.Status409Conflict, problem.StatusCode);
        Assert.Equal("version_unloadable", problem.ProblemDetails.Extensions["code"]);
        var listed = Assert.Single(Assert.IsAssignableFrom<IEnumerable<Dictionary<string, object?>>>(problem.ProblemDetails.Extensions["problems"]));
        Assert.Equal(("paylater", "block", "UnknownActivity", "activity"), (listed["workflowId"], listed["stepId"], listed["code"], listed["field"]));
    }
}
