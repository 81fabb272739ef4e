using LoanJourney.Server.OpenApi;
using LoanJourney.Server.Workflows;
using Microsoft.OpenApi;

namespace LoanJourney.Server;

internal static class OpenApiSetup
{
    /// <summary>The OpenAPI document at <c>/openapi/v1.json</c>, with the <c>X-Api-Key</c> scheme, the problem details
    /// members, and one start operation per workflow (docs/api.md, "OpenAPI").</summary>
    public static IServiceCollection AddApiDocs(this IServiceCollection services) =>
        services.AddSingleton<WorkflowSamples>().AddOpenApi(o =>
        {
            // The lender sandbox (Development only) plays the lenders' APIs, documented in their own terms
            // (docs/sandbox.md); this document is ours, and the same in every environment.
            o.ShouldInclude = d => d.RelativePath?.StartsWith("sandbox/", StringComparison.Ordinal) != true;
            o.AddSchemaTransformer<ProblemDetailsSchema>();
            o.AddSchemaTransformer<JsonObjectSchema>();
            o.AddOperationTransformer<StoreUnavailableResponse>();
            o.AddOperationTransformer<ConflictResponse>();
            o.AddDocumentTransformer<WorkflowStartOperations>();
            o.AddDocumentTransformer<SignalOperations>();
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "LoanJourney management API";
                document.Info.Description = "Start, follow and operate loan journeys. See docs/api.md.";
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[ApiKeySecurity.Scheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = "X-Api-Key",
                    Description = "A principal's key (Server:Principals: the team's, or a sourcing partner's, scoped to its own journeys; "
                        + "the legacy Server:ApiKeys); the Development key is dev-key. docs/server.md, \"Authentication\".",
                };
                return Task.CompletedTask;
            });
            o.AddDocumentTransformer<ApiKeySecurity>();
        });

    /// <summary><c>/openapi/v1.json</c> and Swagger UI at <c>/swagger</c>, both public.</summary>
    public static WebApplication MapApiDocs(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        app.UseSwaggerUI(o =>
        {
            o.SwaggerEndpoint("/openapi/v1.json", "LoanJourney v1");
            o.RoutePrefix = "swagger";
        });
        return app;
    }
}
