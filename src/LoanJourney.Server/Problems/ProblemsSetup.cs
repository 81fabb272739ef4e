namespace LoanJourney.Server.Problems;

internal static class ProblemsSetup
{
    public static IServiceCollection AddApiProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
            context.ProblemDetails.Extensions["traceId"] = context.HttpContext.TraceIdentifier;
            if (!context.ProblemDetails.Extensions.ContainsKey("code") && BareStatus(context.ProblemDetails.Status) is { } bare)
            {
                // A status the framework answers before any endpoint runs (no route, wrong method, a body that is not JSON)
                // gets the same shape as ours: a stable code, its urn type, and what to do.
                context.ProblemDetails.Extensions["code"] = bare.Code;
                context.ProblemDetails.Type = $"urn:loanjourney:problem:{bare.Code}";
                context.ProblemDetails.Detail ??= bare.Detail;
            }
        });
        services.AddExceptionHandler<EngineExceptionHandler>();
        return services;
    }

    private static (string Code, string Detail)? BareStatus(int? status) => status switch
    {
        StatusCodes.Status404NotFound => ("not_found", "No such resource (docs/api.md lists the API; /swagger shows it)."),
        StatusCodes.Status405MethodNotAllowed => ("method_not_allowed", "This path does not take that method (docs/api.md)."),
        StatusCodes.Status415UnsupportedMediaType => ("unsupported_media_type", "Send the body as JSON with the header Content-Type: application/json."),
        _ => null,
    };

    /// <summary>Exceptions → problem details; bare error statuses (unknown route, 405) → problem details too.</summary>
    public static IApplicationBuilder UseApiProblemDetails(this IApplicationBuilder app) =>
        app.UseExceptionHandler().UseStatusCodePages();
}
