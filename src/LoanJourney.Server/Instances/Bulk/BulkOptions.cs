namespace LoanJourney.Server.Instances.Bulk;

/// <summary>
/// Bulk operations by filter: <c>Server:Bulk:MaxInstances</c> (1000) journeys at most per request — more is refused, narrow
/// the filter — handled <c>Server:Bulk:BatchSize</c> (50) at a time, with a progress event after each batch.
/// </summary>
internal sealed record BulkOptions(int MaxInstances, int BatchSize)
{
    public static BulkOptions From(IConfiguration configuration)
    {
        // Refused rather than raised to 1: a cap of 0 read as "bulk operations off" would otherwise act on a journey each.
        var options = new BulkOptions(configuration.GetValue("Server:Bulk:MaxInstances", 1000), configuration.GetValue("Server:Bulk:BatchSize", 50));
        if (options.MaxInstances < 1 || options.BatchSize < 1)
        {
            throw new InvalidOperationException(
                $"Server:Bulk:MaxInstances and Server:Bulk:BatchSize must be at least 1, not {options.MaxInstances} and {options.BatchSize}.");
        }

        return options;
    }
}
