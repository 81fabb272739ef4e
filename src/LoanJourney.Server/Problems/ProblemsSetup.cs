namespace LoanJourney.Server.Problems;

internal static class ProblemsSetup
{
    public static IServiceCollection AddApiProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
            context.ProblemDetails.Extensions["traceId"] = context.HttpContext.TraceIdentifier;
        });
        services.AddExceptionHandler<EngineExceptionHandler>();
        return services;
    }

    /// <summary>Exceptions → problem details; bare error statuses (unknown route, 405) → problem details too.</summary>
    public static IApplicationBuilder UseApiProblemDetails(this IApplicationBuilder app) =>
        app.UseExceptionHandler().UseStatusCodePages();
}
