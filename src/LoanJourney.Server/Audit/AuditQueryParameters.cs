using LoanJourney.Engine.Model;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using static LoanJourney.Server.OpenApi.QueryParameters;

namespace LoanJourney.Server.Audit;

/// <summary>The queries of <c>GET /api/audit</c> and its export in the OpenAPI document (the handler reads it itself: see <see cref="OpenApi.QueryParameters"/>).</summary>
internal static class AuditQueryParameters
{
    public const int DefaultTake = 100;
    public const int MaxTake = 1000;

    public static Func<OpenApiOperation, OpenApiOperationTransformerContext, CancellationToken, Task> DescribeAsync { get; } = Describe(() =>
    [
        .. Filters(),
        Long("before", "Only entries older than this seq: the 'next' of the previous page (keyset paging; new entries do not shift it).", 1),
        Integer("skip", "Entries to leave out before the page, newest first.", 0, int.MaxValue, 0),
        Integer("take", "Entries in the page.", 1, MaxTake, DefaultTake),
    ]);

    /// <summary>The query of <c>GET /api/audit/export</c>: the list's filters and the file's format.</summary>
    public static Func<OpenApiOperation, OpenApiOperationTransformerContext, CancellationToken, Task> DescribeExportAsync { get; } = Describe(() =>
    [
        .. Filters(),
        OneOf("format", "The file's format: csv (RFC 4180, a header row) or ndjson (one JSON entry per line).", AuditExport.Formats, AuditExport.Formats[0]),
    ]);

    // The names are AuditFilters.Names, in its order.
    private static OpenApiParameter[] Filters() =>
    [
        Time("from", "Entries at or after this time (ISO-8601, inclusive)."),
        Time("to", "Entries before this time (ISO-8601, exclusive); not before from."),
        Text("principal", "Entries of this principal (its name, exact)."),
        AnyOf("action", "Entries of any of these actions (repeat it, or separate with commas); matched whatever its case.", AuditActions.All),
        Text("workflowId", "Entries about this workflow (exact)."),
        Text("instanceId", "Entries about this journey (exact)."),
    ];
}
