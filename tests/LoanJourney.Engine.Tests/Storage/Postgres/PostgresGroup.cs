namespace LoanJourney.Engine.Tests.Storage.Postgres;

/// <summary>The PostgreSQL test classes share one server per test run and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresGroup : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL";
}
