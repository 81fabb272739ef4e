using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace LoanJourney.Server.Problems;

/// <summary>RFC 7807 answers: <c>type</c> is <c>urn:loanjourney:problem:{code}</c>, <c>errors</c> maps a field path to messages.</summary>
internal static class Problem
{
    public static ProblemHttpResult Create(int status, string title, string detail, string code,
        IDictionary<string, string[]>? errors = null, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(Shape(new ProblemDetails { Status = status, Title = title }, detail, code, errors, extensions));

    /// <summary>Gives a problem (one of ours, or one the framework wrote) our members: the code, its urn type, the detail, errors.</summary>
    public static ProblemDetails Shape(ProblemDetails problem, string detail, string code,
        IDictionary<string, string[]>? errors = null, IDictionary<string, object?>? extensions = null)
    {
        problem.Detail = detail;
        problem.Type = $"urn:loanjourney:problem:{code}";
        problem.Extensions["code"] = code;
        if (errors is not null)
        {
            problem.Extensions["errors"] = errors;
        }

        foreach (var (key, value) in extensions ?? new Dictionary<string, object?>())
        {
            problem.Extensions[key] = value;
        }

        return problem;
    }

    public static ProblemHttpResult Invalid(string field, string message, string? detail = null) =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] }, detail);

    public static ProblemHttpResult Invalid(IDictionary<string, string[]> errors, string? detail = null) =>
        Create(StatusCodes.Status400BadRequest, InvalidTitle, detail ?? Describe(errors), "validation", errors);

    public const string InvalidTitle = "Invalid request";

    public static ProblemHttpResult NotFound(string detail, string code) =>
        Create(StatusCodes.Status404NotFound, "Not found", detail, code);

    public static ProblemHttpResult Conflict(string detail, string code, IDictionary<string, object?>? extensions = null) =>
        Create(StatusCodes.Status409Conflict, "Conflict", detail, code, extensions: extensions);

    public static string Describe(IDictionary<string, string[]> errors) =>
        "One or more fields are invalid: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"));
}
