using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace LoanJourney.Server.Problems;

/// <summary>RFC 7807 answers: <c>type</c> is <c>urn:loanjourney:problem:{code}</c>, <c>errors</c> maps a field path to messages.</summary>
internal static class Problem
{
    public static ProblemHttpResult Create(int status, string title, string detail, string code,
        IDictionary<string, string[]>? errors = null, IDictionary<string, object?>? extensions = null)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail, Type = $"urn:loanjourney:problem:{code}" };
        problem.Extensions["code"] = code;
        if (errors is not null)
        {
            problem.Extensions["errors"] = errors;
        }

        foreach (var (key, value) in extensions ?? new Dictionary<string, object?>())
        {
            problem.Extensions[key] = value;
        }

        return TypedResults.Problem(problem);
    }

    public static ProblemHttpResult Invalid(string field, string message, string? detail = null) =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] }, detail);

    public static ProblemHttpResult Invalid(IDictionary<string, string[]> errors, string? detail = null) =>
        Create(StatusCodes.Status400BadRequest, "Invalid request", detail ?? Describe(errors), "validation", errors);

    public static ProblemHttpResult NotFound(string detail, string code) =>
        Create(StatusCodes.Status404NotFound, "Not found", detail, code);

    public static ProblemHttpResult Conflict(string detail, string code, IDictionary<string, object?>? extensions = null) =>
        Create(StatusCodes.Status409Conflict, "Conflict", detail, code, extensions: extensions);

    private static string Describe(IDictionary<string, string[]> errors) =>
        "One or more fields are invalid: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"));
}
