using LoanJourney.Server.Tests.Support;

namespace LoanJourney.Server.Tests.Privacy;

/// <summary>The borrower's access report on a SQLite file (<see cref="AccessReportScenario"/>).</summary>
public sealed class AccessReportTests
{
    [Fact]
    public Task AccessReport_ListsJourneysCategoriesAndRecipients_SaysWhatWasRemoved_AndHoldsNoValue_OnSqlite() =>
        AccessReportScenario.RunAsync(new Dictionary<string, string?>());
}

/// <summary>The borrower's access report on a real PostgreSQL 15 (<see cref="AccessReportScenario"/>).</summary>
public sealed class PostgresAccessReportTests : IAsyncLifetime
{
    private readonly PostgresServer _postgres = new();

    public Task InitializeAsync() => _postgres.InitializeAsync();

    public Task DisposeAsync() => _postgres.DisposeAsync();

    [Fact]
    public async Task AccessReport_ListsJourneysCategoriesAndRecipients_SaysWhatWasRemoved_AndHoldsNoValue_OnPostgres() =>
        await AccessReportScenario.RunAsync(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Postgres",
            ["ConnectionStrings:LoanJourney"] = await _postgres.CreateSchemaAsync(),
        });
}
