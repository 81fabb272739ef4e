using LoanJourney.Engine.Runtime;
using LoanJourney.Engine.Tests.Runtime;

namespace LoanJourney.Engine.Tests.Storage.Postgres;

/// <summary>
/// <see cref="StopClaimsNothingTests"/> on PostgreSQL (walk 45's two-node setup): the work that arrives while the node stops is
/// started on another node, and the stopping node hears of it by NOTIFY, which wakes its dispatcher as a start of its own does.
/// </summary>
[Collection(PostgresGroup.Name)]
public sealed class PostgresStopClaimsNothingTests(PostgresServer server) : IAsyncLifetime
{
    private string _connectionString = "";

    public async Task InitializeAsync() => _connectionString = await server.CreateSchemaAsync();

    public Task DisposeAsync() => server.DropSchemaAsync(_connectionString);

    [Fact]
    public Task ANodeBeingStopped_ClaimsNothingMore_WhenAnotherNodesStartIsAnnounced() =>
        StopClaimsNothingTests.RunAsync(
            _ => o =>
            {
                o.Store = StoreProvider.Postgres;
                o.ConnectionString = _connectionString;
            },
            async definitions =>
            {
                await using var other = new PostgresEngineNode(_connectionString, definitions, TimeProvider.System, "other-node");
                return (await other.Client.StartAsync("s", null)).Id;
            });
}
