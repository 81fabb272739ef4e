using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using LoanJourney.Server.Problems;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace LoanJourney.Server.Http;

/// <summary>
/// Reads a request body as JSON with the checks every endpoint needs, each answered with problem details: content type
/// (415), size limit (413, counted while reading — a missing or lying Content-Length does not help), syntax (400 naming
/// <c>body</c>). The raw bytes are returned too, for signature checks.
/// </summary>
internal static class JsonBody
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    public sealed record Result(JsonNode? Node, byte[] Raw, ProblemHttpResult? Problem);

    public static async Task<Result> ReadAsync(HttpRequest request, long limit, bool requireObject, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return Fail(EngineExceptionHandler.TooLarge(limit));
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit;
        }

        var raw = await ReadLimitedAsync(request.Body, limit, cancellationToken);
        if (raw is null)
        {
            return Fail(EngineExceptionHandler.TooLarge(limit));
        }

        if (raw.Length > 0 && !IsJson(request.ContentType))
        {
            return Fail(Problem.Create(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"Send the body as application/json (got '{request.ContentType ?? "no content type"}').", "unsupported_media_type",
                new Dictionary<string, string[]> { ["body"] = ["Content-Type must be application/json."] }));
        }

        if (raw.Length == 0 || raw.AsSpan().Trim(" \t\r\n"u8).Length == 0)
        {
            return requireObject ? Fail(Problem.Invalid("body", "A JSON object is required.")) : new Result(null, raw, null);
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(raw, documentOptions: DocumentOptions);
        }
        catch (JsonException e)
        {
            return Fail(Problem.Invalid("body", $"Malformed JSON: {e.Message}"));
        }

        if (node is not JsonObject && (requireObject || node is not null))
        {
            return Fail(Problem.Invalid("body", "The body must be a JSON object."));
        }

        return new Result(node, raw, null);

        Result Fail(ProblemHttpResult problem) => new(null, [], problem);
    }

    private static bool IsJson(string? contentType) =>
        contentType is null
        || (MediaTypeHeaderValue.TryParse(contentType, out var media)
            && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase)));

    private static async Task<byte[]?> ReadLimitedAsync(Stream body, long limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();
    }
}
