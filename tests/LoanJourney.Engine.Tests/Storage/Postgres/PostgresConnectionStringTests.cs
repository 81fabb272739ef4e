using LoanJourney.Engine.Storage.Postgres;
using Npgsql;

namespace LoanJourney.Engine.Tests.Storage.Postgres;

public sealed class PostgresConnectionStringTests
{
    [Fact]
    public void DataSourceConnectionString_WithoutAutoPrepare_PreparesTheStoresStatements()
    {
        var built = new NpgsqlConnectionStringBuilder(PostgresWorkflowStore.DataSourceConnectionString("Host=db;Username=lj;Database=lj"));

        Assert.Equal(64, built.MaxAutoPrepare);
        Assert.Equal(("db", "lj", "lj"), (built.Host, built.Username, built.Database));
    }

    [Fact]
    public void DataSourceConnectionString_WithoutResetSetting_SkipsNpgsqlsResetStatements()
    {
        var built = new NpgsqlConnectionStringBuilder(PostgresWorkflowStore.DataSourceConnectionString("Host=db;Username=lj;Database=lj"));

        Assert.True(built.NoResetOnClose);
    }

    [Theory]
    [InlineData("Host=db;No Reset On Close=false")]
    [InlineData("Host=db;NoResetOnClose=false")]
    public void DataSourceConnectionString_KeepsAConfiguredReset(string configured)
    {
        var built = new NpgsqlConnectionStringBuilder(PostgresWorkflowStore.DataSourceConnectionString(configured));

        Assert.False(built.NoResetOnClose);
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;MaxAutoPrepare=10", 10)]
    [InlineData("Host=db;max auto prepare=20", 20)]
    public void DataSourceConnectionString_KeepsTheConfiguredAutoPrepare_ForAPoolerThatCannotKeepPreparedStatements(string configured, int expected)
    {
        var built = new NpgsqlConnectionStringBuilder(PostgresWorkflowStore.DataSourceConnectionString(configured));

        Assert.Equal(expected, built.MaxAutoPrepare);
    }
}
