using Microsoft.OpenApi;

namespace LoanJourney.Server;

internal static class OpenApiSetup
{
    /// <summary>The OpenAPI document at <c>/openapi/v1.json</c>, with the <c>X-Api-Key</c> scheme.</summary>
    public static IServiceCollection AddApiDocs(this IServiceCollection services) =>
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "LoanJourney management API";
            document.Info.Description = "Start, follow and operate loan journeys. See docs/api.md.";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["ApiKey"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = "X-Api-Key",
                Description = "Server:ApiKeys; the Development key is dev-key.",
            };
            return Task.CompletedTask;
        }));

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
