using LoanJourney.Server.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Primitives;

namespace LoanJourney.Server.Http;

/// <summary>
/// A NUL (U+0000) in a query value or a header: 400 naming the parameter or header, before authentication and before any
/// endpoint runs (session 51). PostgreSQL's <c>text</c> cannot hold one (22021 "invalid byte sequence for encoding UTF8:
/// 0x00"), and a filter is sent to it as a parameter, so <c>GET /api/instances?correlationId=%00</c>, the audit's and the
/// dashboard's filters answered 500 on PostgreSQL (200 on SQLite, which stores and compares it). No value the API takes is
/// text with a NUL in it, so it is refused on both stores, for every endpoint at once, including ones added later. The
/// path never gets here (Kestrel refuses a decoded NUL in it with a bare 400; docs/api.md, "Errors"), nor, behind
/// Kestrel, a header (Kestrel refuses a NUL byte in a header line the same way); JSON bodies are judged where they are read
/// (<see cref="JsonBody.NotText"/>).
/// </summary>
internal static class NulRefusal
{
    public const string Message = "Must not contain a NUL character (U+0000): no value the API takes has one, and PostgreSQL cannot store it.";

    public static IApplicationBuilder UseNulRefusal(this IApplicationBuilder app) =>
        app.Use(next => context => Refusal(context.Request) is { } problem ? problem.ExecuteAsync(context) : next(context));

    private static ProblemHttpResult? Refusal(HttpRequest request)
    {
        // The raw query holds a NUL only as %00 (a raw one is not HTTP): the decoded values are looked at only then.
        if (request.QueryString.Value is { } raw && raw.Contains("%00", StringComparison.Ordinal))
        {
            foreach (var (name, values) in request.Query)
            {
                if (name.Contains('\0', StringComparison.Ordinal))
                {
                    return Problem.Invalid("query", "A parameter's name must not contain a NUL character (U+0000).");
                }

                if (HasNul(values))
                {
                    return Problem.Invalid(name, Message);
                }
            }
        }

        foreach (var (name, values) in request.Headers)
        {
            if (HasNul(values))
            {
                return Problem.Invalid(name, Message);
            }
        }

        return null;
    }

    // Every request's headers pass here: StringValues' own enumerator, no LINQ (which would box it per header).
    private static bool HasNul(StringValues values)
    {
        foreach (var value in values)
        {
            if (value is not null && value.Contains('\0', StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
