namespace LoanJourney.Server.Instances.Bulk;

/// <summary>
/// Bulk operations by filter: <c>Server:Bulk:MaxInstances</c> (1000) journeys at most per request — more is refused, narrow
/// the filter — handled <c>Server:Bulk:BatchSize</c> (50) at a time, with a progress event after each batch.
/// </summary>
internal sealed record BulkOptions(int MaxInstances, int BatchSize)
{
    public static BulkOptions From(IConfiguration configuration) => new(
        Math.Max(1, configuration.GetValue("Server:Bulk:MaxInstances", 1000)),
        Math.Max(1, configuration.GetValue("Server:Bulk:BatchSize", 50)));
}
