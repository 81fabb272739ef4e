using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using LoanJourney.Server.Problems;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace LoanJourney.Server.Http;

/// <summary>
/// Reads a request body as JSON with the checks every endpoint needs, each answered with problem details: content type
/// (415), size limit (413, counted while reading — a missing or lying Content-Length does not help), encoding (400 naming
/// <c>body</c> when the bytes are not UTF-8), syntax (400 naming <c>body</c>). The raw bytes are returned too, for
/// signature checks.
/// </summary>
internal static class JsonBody
{
    // A name given twice is refused (400), as webhooks do (WebhookBody): a tree of nodes threw on it wherever it was
    // read (a 500), and two readers could take either value.
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64, AllowDuplicateProperties = false };

    public sealed record Result(JsonNode? Node, byte[] Raw, ProblemHttpResult? Problem);

    /// <summary>The raw bytes of a body (limits and content type checked, not parsed) or the problem to answer.</summary>
    public readonly record struct RawResult(byte[] Raw, ProblemHttpResult? Problem);

    /// <summary>
    /// The body as a JSON object, or the problem to answer. A body that is sent must be an object (<c>null</c>, an array, a
    /// number or a string is a 400 naming <c>body</c>); an empty or all-whitespace one is no body: refused when
    /// <paramref name="requireObject"/>, otherwise a null <see cref="Result.Node"/>.
    /// </summary>
    public static async Task<Result> ReadAsync(HttpRequest request, long limit, bool requireObject, CancellationToken cancellationToken)
    {
        var (raw, problem) = await ReadRawAsync(request, limit, cancellationToken);
        if (problem is not null)
        {
            return new Result(null, [], problem);
        }

        if (NotText(raw) is { } notText)
        {
            return Fail(notText);
        }

        if (IsBlank(raw))
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
            return Fail(Malformed(e));
        }

        // Only an empty body stands for "no body" where one is optional: the literal null parsed to no node and was read as
        // none (a start with body null began the journey as if {} had been sent), so any body sent must be an object.
        if (node is not JsonObject)
        {
            return Fail(NotAnObject());
        }

        return new Result(node, raw, null);

        static Result Fail(ProblemHttpResult problem) => new(null, [], problem);
    }

    /// <summary>
    /// Reads the body's bytes with the size limit (413) and content type (415) checks of <see cref="ReadAsync"/>, without
    /// parsing them: for callers that parse once into their own form (webhooks), which check <see cref="NotUtf8"/> themselves.
    /// </summary>
    public static async Task<RawResult> ReadRawAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return new RawResult([], EngineExceptionHandler.TooLarge(limit));
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit;
        }

        var raw = await ReadLimitedAsync(request.Body, request.ContentLength, limit, cancellationToken);
        if (raw is null)
        {
            return new RawResult([], EngineExceptionHandler.TooLarge(limit));
        }

        if (raw.Length > 0 && !IsJson(request.ContentType))
        {
            return new RawResult([], Problem.Create(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"Send the body as application/json (got '{request.ContentType ?? "no content type"}').", "unsupported_media_type",
                new Dictionary<string, string[]> { ["body"] = ["Content-Type must be application/json."] }));
        }

        return new RawResult(raw, null);
    }

    /// <summary>True for an empty or all-whitespace body.</summary>
    public static bool IsBlank(ReadOnlySpan<byte> raw) => raw.Trim(" \t\r\n"u8).Length == 0;

    /// <summary>
    /// 400 naming <c>body</c> when <paramref name="raw"/> is not UTF-8; null when it is. JSON is UTF-8 (RFC 8259), and the
    /// parser checks the bytes between strings but not those inside one: such a string parsed, and reading it threw
    /// ("Cannot transcode invalid UTF-8") wherever it was read — a 500, on a signal even before the unknown journey's 404.
    /// </summary>
    public static ProblemHttpResult? NotUtf8(ReadOnlySpan<byte> raw) =>
        Utf8.IsValid(raw) ? null : Problem.Invalid("body", $"The body is not valid UTF-8 (at byte {InvalidUtf8At(raw)}); send JSON as UTF-8.");

    /// <summary>
    /// 400 when the body is not text: not valid UTF-8 (<see cref="NotUtf8"/>), or a string whose escapes are not text, a lone
    /// UTF-16 surrogate (<c>"A\ud800B"</c>). JSON's grammar allows the escape, but reading the string throws, and where a field
    /// was read that was a 500 (session 36: a webhook's customerID, an erasure's or a cancel's reason). Nor may a string or a
    /// property name hold a NUL (<c>\u0000</c>; session 51): PostgreSQL's <c>text</c> cannot store one and its <c>jsonb</c>
    /// refuses the escape, so a NUL in a reason, a bulk filter, an id or a publish answered 500 there (SQLite stored it). It is
    /// refused in every body, a start's input, a signal's and a webhook's payload too, although those are stored encrypted:
    /// steps copy them into variables, lender requests, the journal, incidents and outcomes, which are not (docs/api.md,
    /// "Errors"). Named by the field that holds it (its property name), or <c>body</c>. The reader walks the body only when it
    /// has a <c>\u</c> escape (a NUL cannot be written in JSON otherwise).
    /// </summary>
    public static ProblemHttpResult? NotText(ReadOnlySpan<byte> raw) => NotUtf8(raw) ?? NotTextEscape(raw);

    private static ProblemHttpResult? NotTextEscape(ReadOnlySpan<byte> raw)
    {
        if (raw.IndexOf("\\u"u8) < 0)
        {
            return null;
        }

        var reader = new Utf8JsonReader(raw, new JsonReaderOptions { MaxDepth = 256 });
        string? field = null;
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.PropertyName or JsonTokenType.String && reader.ValueIsEscaped)
                {
                    string? text;
                    try
                    {
                        text = reader.GetString();
                    }
                    catch (InvalidOperationException)
                    {
                        var name = reader.TokenType == JsonTokenType.PropertyName ? "body" : field ?? "body";
                        return Problem.Invalid(name, "Not text: a string holds a UTF-16 surrogate escape without its pair (\\ud800-\\udfff); send the text as it is, or both halves of the pair.");
                    }

                    if (text is not null && text.Contains('\0', StringComparison.Ordinal))
                    {
                        // A property name is named as JSON spells it (the NUL as \u0000), a value by the property that holds it.
                        return Problem.Invalid(reader.TokenType == JsonTokenType.PropertyName ? text.Replace("\0", "\\u0000", StringComparison.Ordinal) : field ?? "body", NulRefusal.Message);
                    }

                    if (reader.TokenType == JsonTokenType.PropertyName)
                    {
                        field = text;
                    }
                }
                else if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    field = reader.GetString();
                }
            }
        }
        catch (JsonException)
        {
            // Malformed: the parser that reads the body next says where.
        }

        return null;
    }

    /// <summary>400 naming <c>body</c>: the JSON does not parse.</summary>
    public static ProblemHttpResult Malformed(JsonException e) => Problem.Invalid("body", $"Malformed JSON: {e.Message}");

    /// <summary>400 naming <c>body</c>: the JSON is not an object.</summary>
    public static ProblemHttpResult NotAnObject() => Problem.Invalid("body", "The body must be a JSON object.");

    // The offset of the first byte that does not decode; walked only for a body already known to be invalid.
    private static int InvalidUtf8At(ReadOnlySpan<byte> raw)
    {
        var at = 0;
        while (Rune.DecodeFromUtf8(raw[at..], out _, out var consumed) == OperationStatus.Done)
        {
            at += consumed;
        }

        return at;
    }

    private static bool IsJson(string? contentType) =>
        contentType is null
        || (MediaTypeHeaderValue.TryParse(contentType, out var media)
            && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase)));

    private static async Task<byte[]?> ReadLimitedAsync(Stream body, long? declared, long limit, CancellationToken cancellationToken)
    {
        try
        {
            return declared is { } length and <= int.MaxValue
                ? await ReadDeclaredAsync(body, (int)length, cancellationToken)
                : await ReadUndeclaredAsync(body, limit, cancellationToken);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
    }

    // Content-Length given (and within the limit, checked by the caller): one array of that size, no copy. The server ends the
    // body at the declared length, so a sender cannot write more into it; a body that ends early is returned as far as it
    // came (and then fails to parse: 400).
    private static async Task<byte[]> ReadDeclaredAsync(Stream body, int length, CancellationToken cancellationToken)
    {
        var raw = new byte[length];
        var total = 0;
        while (total < length)
        {
            var read = await body.ReadAsync(raw.AsMemory(total), cancellationToken);
            if (read == 0)
            {
                return raw[..total];
            }

            total += read;
        }

        return raw;
    }

    private static async Task<byte[]?> ReadUndeclaredAsync(Stream body, long limit, CancellationToken cancellationToken)
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
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();
    }
}
