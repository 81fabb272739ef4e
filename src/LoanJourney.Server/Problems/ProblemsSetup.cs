using LoanJourney.Lenders.Common;
using LoanJourney.Server.Http;
using Microsoft.AspNetCore.Mvc;

namespace LoanJourney.Server.Problems;

internal static class ProblemsSetup
{
    public static IServiceCollection AddApiProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            // The path as the request log shows it: a journey id or a signal name in it may be a PAN or a mobile someone typed.
            problem.Instance ??= MaskedUrl.Path(context.HttpContext.Request.Path.Value);
            problem.Extensions["traceId"] = context.HttpContext.TraceIdentifier;
            Shape(context, problem);

            // A detail never echoes a borrower's value (docs/server.md, "Logging and privacy"): one that quotes what the caller
            // sent (an unknown instance id, a signal name, an Idempotency-Key) shows it with PII patterns masked. A validation
            // problem names fields and the rule each breaks, never the value, and keeps its help text (AAAAA9999A) as written.
            if (problem.Detail is { } detail && !(problem.Extensions.TryGetValue("code", out var code) && code is "validation"))
            {
                problem.Detail = Pii.ScrubText(detail);
            }
        });
        // A parameter that does not bind is answered the same in every environment: a bare 400 made a problem above. (In
        // Development the framework would throw instead, and the exception handler could not name the parameter.)
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = false);
        services.AddExceptionHandler<EngineExceptionHandler>();
        return services;
    }

    // Our members on a problem the framework wrote (ours have their code already).
    private static void Shape(ProblemDetailsContext context, ProblemDetails problem)
    {
        if (problem.Extensions.ContainsKey("code"))
        {
            return;
        }

        if (problem.Status == StatusCodes.Status400BadRequest && ParameterBinding.Failures(context.HttpContext) is { Count: > 0 } errors)
        {
            // A typed parameter that did not bind (?version=abc): the framework's bare 400 named nothing.
            problem.Title = Problem.InvalidTitle;
            Problem.Shape(problem, Problem.Describe(errors), "validation", errors);
        }
        else if (problem.Status == StatusCodes.Status415UnsupportedMediaType)
        {
            // Routing's own 415 (an endpoint that declares it accepts application/json: a start, a signal) named no field,
            // where JsonBody's names body (walk 43): one answer whichever refuses it.
            var contentType = context.HttpContext.Request.ContentType;
            problem.Title = "Unsupported media type";
            Problem.Shape(problem, $"Send the body as application/json (got '{contentType ?? "no content type"}').", "unsupported_media_type",
                new Dictionary<string, string[]> { ["body"] = ["Content-Type must be application/json."] });
        }
        else if (BareStatus(problem.Status) is { } bare)
        {
            // A status the framework answers before any endpoint runs (no route, wrong method, a body that is not JSON)
            // gets the same shape as ours: a stable code, its urn type, and what to do.
            Problem.Shape(problem, problem.Detail ?? bare.Detail, bare.Code);
        }
    }

    private static (string Code, string Detail)? BareStatus(int? status) => status switch
    {
        StatusCodes.Status400BadRequest => ("bad_request", "The request could not be read: a parameter or header is missing or malformed (docs/api.md)."),
        StatusCodes.Status404NotFound => ("not_found", "No such resource (docs/api.md lists the API; /swagger shows it)."),
        StatusCodes.Status405MethodNotAllowed => ("method_not_allowed", "This path does not take that method (docs/api.md)."),
        StatusCodes.Status413PayloadTooLarge => ("payload_too_large", "The request body is over the limit for this endpoint."),
        StatusCodes.Status414UriTooLong => ("uri_too_long", "The request line (method, path and query) is too long."),
        StatusCodes.Status431RequestHeaderFieldsTooLarge => ("request_headers_too_large", "The request's headers are too large."),
        _ => null,
    };

    /// <summary>Exceptions → problem details; bare error statuses (unknown route, 405) → problem details too.</summary>
    public static IApplicationBuilder UseApiProblemDetails(this IApplicationBuilder app) =>
        app.UseExceptionHandler().UseStatusCodePages();
}
