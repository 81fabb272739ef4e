using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace LoanJourney.Server.OpenApi;

/// <summary>
/// Says which operations take the <c>X-Api-Key</c> scheme: every <c>/api</c> operation, the per-workflow starts included (a
/// document transformer adds those, so this one runs after it). Asking whether one is signed in and signing out take it or
/// nothing (<c>[{ApiKey: []}, {}]</c>); the webhooks and the document itself take none.
/// </summary>
/// <remarks>
/// Session 45's partner walk: the scheme was declared in <c>components</c> and required by no operation, so a client
/// generated from the document, or Swagger UI's <i>Authorize</i>, sent no key and every call was a 401.
/// </remarks>
internal sealed class ApiKeySecurity : IOpenApiDocumentTransformer
{
    public const string Scheme = "ApiKey";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        foreach (var (path, item) in document.Paths)
        {
            if (!path.StartsWith("/api/", StringComparison.Ordinal) || item.Operations is not { } operations)
            {
                continue;
            }

            foreach (var (method, operation) in operations)
            {
                var optional = path == "/api/session" && (method == HttpMethod.Get || method == HttpMethod.Delete);
                operation.Security = optional ? [Key(document), new OpenApiSecurityRequirement()] : [Key(document)];
            }
        }

        return Task.CompletedTask;
    }

    private static OpenApiSecurityRequirement Key(OpenApiDocument document) =>
        new() { [new OpenApiSecuritySchemeReference(Scheme, document)] = [] };
}
