using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsvHelper;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Runtime;
using LoanJourney.Lenders.Common;
using LoanJourney.Server.Instances;
using LoanJourney.Server.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace LoanJourney.Server.Audit;

/// <summary>
/// <c>GET /api/audit/export</c>: the entries the list's filters select, newest first, as a CSV or NDJSON file (docs/api.md,
/// "Audit export"). Read in keyset pages of <c>Server:AuditExportPageSize</c> and written as they come, so a year of actions
/// never sits in memory; recorded in the trail itself once written (<see cref="AuditActions.AuditExport"/>).
/// </summary>
internal static class AuditExport
{
    public const string CsvContentType = "text/csv; charset=utf-8";
    public const string NdjsonContentType = "application/x-ndjson";
    public const string PageSizeKey = "Server:AuditExportPageSize";

    /// <summary>The formats, the default first.</summary>
    public static readonly string[] Formats = ["csv", "ndjson"];

    private static readonly string[] Columns = ["seq", "at", "principal", "action", "workflowId", "instanceId", "reason", "data", "clientAddress", "authMethod", "authId", "userAgent"];

    private static readonly HashSet<string> Known = new([.. AuditFilters.Names, "format"], StringComparer.OrdinalIgnoreCase);

    // A reason, a principal's name or an id that starts with = + - @, tab or CR is a formula to a spreadsheet (OWASP "CSV
    // injection"): CsvHelper writes it quoted, after a ' that makes the cell text. Numbers and times are not touched.
    // The time as the JSON list (System.Text.Json) writes it: no trailing zeros in the fraction (…16.915+00:00, not
    // …16.9150000+00:00), none at all for a whole second, so a CSV cell and the list's "at" are the same text.
    private const string JsonTimeFormat = "yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFFzzz";

    private static readonly CsvWriterOptions CsvOptions = new() { Injection = CsvInjection.Escape };

    /// <summary>
    /// <c>Server:AuditExportPageSize</c>, read and checked when the server starts: a value that is not a positive whole
    /// number stops the start naming it, instead of failing every export later with a 500.
    /// </summary>
    public static AuditExportPageSize PageSizeFrom(IConfiguration configuration)
    {
        var raw = configuration[PageSizeKey];
        if (raw is null)
        {
            return new AuditExportPageSize(AuditQueryParameters.MaxTake);
        }

        return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size > 0
            ? new AuditExportPageSize(size)
            : throw new InvalidOperationException($"{PageSizeKey} must be a whole number of at least 1, not '{raw}'.");
    }

    /// <summary>The response header that says how long the trail keeps an entry (<c>Retention:AuditTrail</c>, or <c>forever</c>).</summary>
    public const string RetentionHeader = "X-Audit-Trail-Retention";

    public static Results<PushStreamHttpResult, ProblemHttpResult> ExportAsync(HttpContext context, IWorkflowClient client, AuditTrail trail,
        AuditExportPageSize pageSize, IOptions<JsonOptions> json, TimeProvider time, Privacy.RetentionSettings retention)
    {
        var q = context.Request.Query;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        // A misspelt filter (?form=) would otherwise export the whole trail: named instead, as the journeys list does.
        InstanceQueryParser.RefuseUnknown(q, Known, $"the audit export takes {string.Join(", ", AuditFilters.Names)} (filters) and format", errors);
        var filters = AuditFilters.Parse(q, errors);
        var format = InstanceQueryParser.Text(q, "format")?.ToLowerInvariant() ?? Formats[0];
        if (!Formats.Contains(format))
        {
            errors["format"] = [$"Unknown format '{Pii.ScrubText(q["format"])}'; use {string.Join(" or ", Formats)}."];
        }

        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }

        var user = context.User;
        var aborted = context.RequestAborted;
        var fileName = $"audit_{Period(filters, time.GetUtcNow())}.{format}";
        context.Response.Headers.CacheControl = "no-store";
        // Whoever files the export learns whether older entries can be missing because the trail's retention removed them.
        context.Response.Headers[RetentionHeader] = retention.Policy.AuditTrail?.ToString("c", CultureInfo.InvariantCulture) ?? "forever";
        return TypedResults.Stream(
            async body =>
            {
                var entries = EntriesAsync(client, filters, pageSize.Entries, aborted);
                var rows = 0L;
                var complete = false;
                try
                {
                    rows = format == "csv" ? await WriteCsvAsync(body, entries, aborted) : await WriteNdjsonAsync(body, entries, json.Value.SerializerOptions, aborted);
                    complete = true;
                }
                finally
                {
                    await RecordAsync(trail, user, filters, format, rows, complete);
                }
            },
            format == "csv" ? CsvContentType : NdjsonContentType,
            fileName);
    }

    private static async IAsyncEnumerable<AuditEntry> EntriesAsync(IWorkflowClient client, AuditQuery filters, int pageSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Keyset: each page starts below the last seq seen, so an action recorded while the file is written (the export's
        // own line among them) neither appears nor shifts a page, and no entry is written twice.
        long? before = null;
        while (true)
        {
            var page = await client.ListAuditAsync(filters with { Before = before, Skip = 0, Take = pageSize, CountTotal = false }, cancellationToken);
            foreach (var entry in page.Items)
            {
                yield return entry;
            }

            if (page.Items.Count < pageSize)
            {
                yield break;
            }

            before = page.Items[^1].Seq;
        }
    }

    private static async Task<long> WriteCsvAsync(Stream body, IAsyncEnumerable<AuditEntry> entries, CancellationToken cancellationToken)
    {
        await using var csv = CsvWriter.Create(body, CsvOptions, leaveOpen: true);
        foreach (var column in Columns)
        {
            csv.WriteField(column);
        }

        await csv.EndRecordAsync(cancellationToken);
        var rows = 0L;
        await foreach (var e in entries)
        {
            csv.WriteField(e.Seq);
            csv.WriteField(e.At.ToString(JsonTimeFormat, CultureInfo.InvariantCulture));
            csv.WriteField(e.Principal);
            csv.WriteField(e.Action);
            csv.WriteField(e.WorkflowId);
            csv.WriteField(e.InstanceId);
            csv.WriteField(e.Reason);
            csv.WriteField(e.DataJson);
            csv.WriteField(e.ClientAddress);
            csv.WriteField(e.AuthMethod);
            csv.WriteField(e.AuthId);
            csv.WriteField(e.UserAgent);
            await csv.EndRecordAsync(cancellationToken);
            rows++;
        }

        await csv.FlushAsync(cancellationToken);
        return rows;
    }

    private static async Task<long> WriteNdjsonAsync(Stream body, IAsyncEnumerable<AuditEntry> entries, JsonSerializerOptions options, CancellationToken cancellationToken)
    {
        // The list's entry, one per line, in the API's JSON (camelCase): a line is what an item of GET /api/audit is.
        var rows = 0L;
        await using var buffered = new BufferedStream(body, 64 * 1024);
        await foreach (var e in entries)
        {
            await buffered.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(AuditEntryView.Of(e), options), cancellationToken);
            buffered.WriteByte((byte)'\n');
            rows++;
        }

        await buffered.FlushAsync(cancellationToken);
        return rows;
    }

    private static Task RecordAsync(AuditTrail trail, ClaimsPrincipal user, AuditQuery filters, string format, long rows, bool complete)
    {
        static string? Mask(string? value) => value is null ? null : Pii.ScrubText(value);

        var given = new JsonObject();
        void Add(string name, string? value)
        {
            if (value is not null)
            {
                given[name] = value;
            }
        }

        Add("from", filters.From?.ToString("O", CultureInfo.InvariantCulture));
        Add("to", filters.To?.ToString("O", CultureInfo.InvariantCulture));
        // The boxes take free text, and the trail outlives retention and erasure: what was typed is kept masked, as a reason is.
        Add("principal", Mask(filters.Principal));
        Add("action", filters.Actions is { Count: > 0 } actions ? string.Join(",", actions) : null);
        Add("workflowId", Mask(filters.WorkflowId));
        Add("instanceId", Mask(filters.InstanceId));
        // Not about one journey even when filtered to one: its line stays out of that journey's own audit (the filters say it).
        return trail.RecordAsync(user, AuditActions.AuditExport, null, null, null,
            new JsonObject { ["format"] = format, ["filters"] = given, ["rows"] = rows, ["complete"] = complete });
    }

    // The period in the file name, without ':' (not allowed in Windows file names): a date at midnight UTC, else to the
    // second; 'beginning' without from; the time of the export without to (its end is then the moment it was taken).
    private static string Period(AuditQuery filters, DateTimeOffset now) =>
        $"{(filters.From is { } from ? Stamp(from) : "beginning")}_to_{Stamp(filters.To ?? now)}";

    private static string Stamp(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return utc.TimeOfDay == TimeSpan.Zero
            ? utc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : utc.ToString("yyyy-MM-dd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
    }
}

/// <summary>How many audit entries the export reads per keyset page (<c>Server:AuditExportPageSize</c>, checked at start).</summary>
internal sealed record AuditExportPageSize(int Entries);
