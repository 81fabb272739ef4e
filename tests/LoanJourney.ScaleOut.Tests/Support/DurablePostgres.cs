namespace LoanJourney.ScaleOut.Tests.Support;

/// <summary>
/// One real PostgreSQL server for the scale-out tests, with PostgreSQL's default durability (<c>fsync</c> and
/// <c>synchronous_commit</c> on): the outage test stops it mid-run and the effect counters must then match what the
/// nodes committed, so a commit a node was told about must survive the stop, as it does in production.
/// Each test gets its own database on it.
/// </summary>
public sealed class DurablePostgres : IAsyncLifetime
{
    public PostgresServer Server { get; } = new() { Durable = true };

    public Task InitializeAsync() => Server.InitializeAsync();

    public Task DisposeAsync() => Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ScaleOutGroup : ICollectionFixture<DurablePostgres>
{
    public const string Name = "scale-out on PostgreSQL";
}
