using System.Globalization;
using System.Net;
using LoanJourney.Server.Hosting;
using LoanJourney.Server.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace LoanJourney.Server.Studio;

/// <summary>
/// Serves the built Studio at <c>/studio</c>, to GET and HEAD: a file when it exists; <c>404</c> for a missing build file
/// (anything under <c>assets/</c>, a script, a style sheet) and for the build's <c>.br</c> / <c>.gz</c> variants asked for
/// by name; <c>index.html</c> for every other path (the Studio routes in the browser). Without a build, a page that says
/// how to make one.
/// </summary>
internal static class StudioApi
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static IEndpointRouteBuilder MapStudio(this WebApplication app)
    {
        var paths = app.Services.GetRequiredService<ServerPaths>();
        var located = new Location(() => StudioFiles.Locate(app.Configuration, paths, app.Environment));
        var studio = app.MapGroup("/studio").AllowAnonymous().ExcludeFromDescription();
        // HEAD answers as GET does, headers only (uptime checks and proxies use it); Kestrel sends no body to a HEAD.
        studio.MapMethods("/", GetOrHead, (HttpContext context) => Serve(located.Folder, "", context));
        studio.MapMethods("/{**path}", GetOrHead, (string? path, HttpContext context) => Serve(located.Folder, path ?? "", context));
        app.MapMethods("/", GetOrHead, () => TypedResults.Redirect("/studio/")).ExcludeFromDescription();
        return app;
    }

    private static readonly string[] GetOrHead = [HttpMethods.Get, HttpMethods.Head];

    /// <summary>
    /// The built Studio's folder, looked for at start and, while there is none, again on each request: a Studio built after
    /// the server started (the not-built page says to run `npm run build`) is served without a restart. Walk 45: a node
    /// started before its Studio build finished answered studio_not_built until it was restarted. Once found, kept.
    /// </summary>
    private sealed class Location(Func<string?> locate)
    {
        private string? _folder = locate();

        public string? Folder => _folder ??= locate();
    }

    private static IResult Serve(string? folder, string path, HttpContext context)
    {
        if (folder is null)
        {
            // A browser gets a page that says how to build the Studio; any other caller the problem every error answer is.
            return context.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase))
                ? TypedResults.Content(NotBuiltPage, "text/html; charset=utf-8", statusCode: StatusCodes.Status404NotFound)
                : Problem.NotFound("The Studio is not built: run `cd studio && npm ci && npm run build`, or set Studio:Path (docs/server.md).", "studio_not_built");
        }

        if (context.Request.Path == "/studio")
        {
            return TypedResults.Redirect("/studio/");
        }

        // The .br / .gz beside a file are how that file is sent (Precompressed), not files of their own: by their own name
        // they would go out as bytes without their Content-Encoding, which no client can use.
        if (IsVariantName(path))
        {
            return NotFound(context, path);
        }

        using var files = new PhysicalFileProvider(folder);
        var file = files.GetFileInfo(path);
        if (!file.Exists || file.IsDirectory || file.PhysicalPath is null)
        {
            // A build file that is not there (an old hashed chunk a tab opened before a redeploy asks for) is a 404: as
            // index.html it would come with 200 and a year's caching, and the browser would fail on its type instead of
            // seeing the chunk is gone (the Studio then reloads onto the new build, docs/studio.md "After a deploy").
            if (IsBuildFileName(path))
            {
                return NotFound(context, path);
            }

            path = "index.html";
            file = files.GetFileInfo(path);
        }

        // Vite names every file under assets/ by its content's hash: a name never gets other bytes, so a browser keeps
        // it a year without asking. index.html (and every other file) names those, so it is checked on every use.
        context.Response.Headers.CacheControl = path.StartsWith("assets/", StringComparison.Ordinal) ? ImmutableAsset : "no-cache";

        var contentType = ContentTypes.TryGetContentType(file.Name, out var type) ? type : "application/octet-stream";
        var (served, encoding) = Precompressed(files, path, file, context);
        if (encoding is not null)
        {
            context.Response.Headers.Vary = HeaderNames.AcceptEncoding;
        }

        if (encoding is { Length: > 0 })
        {
            context.Response.Headers.ContentEncoding = encoding;
        }

        // Ranges only of the plain file: a range of an encoded variant is a range of its compressed bytes, which no
        // client here asks for. Each variant has its own ETag (its own bytes), from its length and time like the static
        // file middleware's.
        return TypedResults.PhysicalFile(
            served.PhysicalPath!,
            contentType,
            lastModified: served.LastModified,
            entityTag: ETagOf(served, encoding),
            enableRangeProcessing: encoding is not { Length: > 0 });
    }

    private const string ImmutableAsset = "public, max-age=31536000, immutable";

    /// <summary>A path only the build makes: everything under <c>assets/</c>, and scripts, style sheets, source maps and wasm anywhere.</summary>
    private static bool IsBuildFileName(string path) =>
        path.StartsWith("assets/", StringComparison.Ordinal)
        || BuildExtensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

    private static readonly string[] BuildExtensions = [".js", ".mjs", ".css", ".map", ".wasm"];

    private static bool IsVariantName(string path) =>
        Encodings.Any(e => path.EndsWith(e.Suffix, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// A 404 problem (as every error answer of the server) that no cache keeps: the same name may exist after the next deploy
    /// (or a rollback). Its <c>instance</c> is the path asked for.
    /// </summary>
    private static ProblemHttpResult NotFound(HttpContext context, string path)
    {
        context.Response.Headers.CacheControl = "no-store";
        return Problem.NotFound($"The Studio's build has no file {path}: a page opened before a deploy asks for a file of the build before; reload it.",
            "studio_file_not_found");
    }

    /// <summary>
    /// The build's <c>.br</c> / <c>.gz</c> beside <paramref name="file"/> (vite.config.ts writes them) that the request's
    /// <c>Accept-Encoding</c> allows, Brotli first: the file to send and its encoding; "" when the file has variants but
    /// the request takes none of them (it varies by Accept-Encoding all the same), null when it has none.
    /// </summary>
    private static (IFileInfo File, string? Encoding) Precompressed(PhysicalFileProvider files, string path, IFileInfo file, HttpContext context)
    {
        var variants = Encodings
            .Select(e => (Encoding: e.Name, File: files.GetFileInfo(path + e.Suffix)))
            .Where(v => v.File is { Exists: true, IsDirectory: false, PhysicalPath: not null })
            .ToList();
        if (variants.Count == 0)
        {
            return (file, null);
        }

        var accepted = context.Request.GetTypedHeaders().AcceptEncoding;
        foreach (var variant in variants)
        {
            if (Quality(accepted, variant.Encoding) > 0)
            {
                return (variant.File, variant.Encoding);
            }
        }

        return (file, "");
    }

    private static readonly (string Name, string Suffix)[] Encodings = [("br", ".br"), ("gzip", ".gz")];

    // RFC 9110 12.5.3: the quality of the coding named, else of "*", else 0 (not acceptable).
    private static double Quality(IList<StringWithQualityHeaderValue> accepted, string encoding)
    {
        var named = accepted.FirstOrDefault(a => string.Equals(a.Value.Value, encoding, StringComparison.OrdinalIgnoreCase));
        var any = accepted.FirstOrDefault(a => a.Value.Value == "*");
        return (named ?? any)?.Quality ?? (named is null && any is null ? 0 : 1);
    }

    private static EntityTagHeaderValue ETagOf(IFileInfo file, string? encoding)
    {
        var stamp = file.LastModified.ToFileTime() ^ file.Length;
        var suffix = encoding is { Length: > 0 } ? "-" + encoding : "";
        return new EntityTagHeaderValue($"\"{stamp.ToString("x", CultureInfo.InvariantCulture)}{suffix}\"");
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
