using System.Net;
using LoanJourney.Server.Hosting;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace LoanJourney.Server.Studio;

/// <summary>
/// Serves the built Studio at <c>/studio</c>: a file when it exists, <c>index.html</c> for every other path (the
/// Studio routes in the browser). Without a build, a page that says how to make one.
/// </summary>
internal static class StudioApi
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static IEndpointRouteBuilder MapStudio(this WebApplication app)
    {
        var folder = StudioFiles.Locate(app.Configuration, app.Services.GetRequiredService<ServerPaths>(), app.Environment);
        var studio = app.MapGroup("/studio").AllowAnonymous().ExcludeFromDescription();
        studio.MapGet("/", (HttpContext context) => Serve(folder, "", context));
        studio.MapGet("/{**path}", (string? path, HttpContext context) => Serve(folder, path ?? "", context));
        app.MapGet("/", () => TypedResults.Redirect("/studio/")).ExcludeFromDescription();
        return app;
    }

    private static IResult Serve(string? folder, string path, HttpContext context)
    {
        if (folder is null)
        {
            return TypedResults.Content(NotBuiltPage, "text/html; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
        }

        if (context.Request.Path == "/studio")
        {
            return TypedResults.Redirect("/studio/");
        }

        using var files = new PhysicalFileProvider(folder);
        var file = files.GetFileInfo(path);
        if (!file.Exists || file.IsDirectory || file.PhysicalPath is null)
        {
            file = files.GetFileInfo("index.html");
            context.Response.Headers.CacheControl = "no-cache";
        }

        var contentType = ContentTypes.TryGetContentType(file.Name, out var type) ? type : "application/octet-stream";
        return TypedResults.PhysicalFile(file.PhysicalPath!, contentType, enableRangeProcessing: true);
    }

    private static readonly string NotBuiltPage = $"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>LoanJourney Studio is not built</title></head>
        <body style="font-family: system-ui, sans-serif; max-width: 44rem; margin: 3rem auto; line-height: 1.5">
        <h1>The Studio is not built yet</h1>
        <p>The server serves the Studio from <code>src/LoanJourney.Server/wwwroot/studio</code> (or <code>studio/dist</code>,
        or the folder named by <code>Studio:Path</code>), and none of them holds an <code>index.html</code>.</p>
        <p>Build it with <code>cd studio &amp;&amp; npm ci &amp;&amp; npm run build</code>, then reload this page.</p>
        <p>Meanwhile everything the Studio shows is in the API: <a href="/swagger">/swagger</a>
        ({WebUtility.HtmlEncode("X-Api-Key")} header; the Development key is <code>dev-key</code>).</p>
        </body></html>
        """;
}
