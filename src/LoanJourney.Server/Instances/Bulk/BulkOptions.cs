namespace LoanJourney.Server.Instances.Bulk;

/// <summary>
/// Bulk operations by filter: <c>Server:Bulk:MaxInstances</c> (1000) journeys at most per request — more is refused, narrow
/// the filter — handled <c>Server:Bulk:BatchSize</c> (50) at a time, with a progress event after each batch, and
/// <c>Server:Bulk:PauseBetweenBatches</c> (none) between two batches that change journeys, so a bulk migration or cancel of a
/// thousand journeys in business hours leaves the engine's writer to live traffic. A request that ends (its client gone)
/// stops at the next pause: what was done is journaled and audited, the rest is untouched, and the same request again
/// finds only what is left.
/// </summary>
internal sealed record BulkOptions(int MaxInstances, int BatchSize, TimeSpan PauseBetweenBatches)
{
    private static readonly TimeSpan LongestPause = TimeSpan.FromMinutes(10);

    public static BulkOptions From(IConfiguration configuration)
    {
        // Refused rather than raised to 1: a cap of 0 read as "bulk operations off" would otherwise act on a journey each.
        var options = new BulkOptions(configuration.GetValue("Server:Bulk:MaxInstances", 1000), configuration.GetValue("Server:Bulk:BatchSize", 50),
            configuration.GetValue("Server:Bulk:PauseBetweenBatches", TimeSpan.Zero));
        if (options.MaxInstances < 1 || options.BatchSize < 1)
        {
            throw new InvalidOperationException(
                $"Server:Bulk:MaxInstances and Server:Bulk:BatchSize must be at least 1, not {options.MaxInstances} and {options.BatchSize}.");
        }

        if (options.PauseBetweenBatches < TimeSpan.Zero || options.PauseBetweenBatches > LongestPause)
        {
            throw new InvalidOperationException(
                $"Server:Bulk:PauseBetweenBatches must be between 00:00:00 and {LongestPause}, not {options.PauseBetweenBatches}.");
        }

        return options;
    }

    /// <summary>Waits <see cref="PauseBetweenBatches"/> after a batch that changed journeys, unless it was the last.</summary>
    public Task PauseAfterBatchAsync(bool moreToDo, TimeProvider time, CancellationToken cancellationToken) =>
        moreToDo && PauseBetweenBatches > TimeSpan.Zero ? Task.Delay(PauseBetweenBatches, time, cancellationToken) : Task.CompletedTask;
}
