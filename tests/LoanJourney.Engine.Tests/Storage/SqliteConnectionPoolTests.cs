using LoanJourney.Engine.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace LoanJourney.Engine.Tests.Storage;

public sealed class SqliteConnectionPoolTests
{
    [Fact]
    public void RentWriter_KeepsTemporaryFilesInMemory_ReadersKeepTheDefault()
    {
        var root = Directory.CreateTempSubdirectory("lj-pool-").FullName;
        try
        {
            using (var pool = new SqliteConnectionPool(new SqliteStoreOptions { DatabasePath = Path.Combine(root, "pool.db") }))
            {
                var writer = pool.RentWriter();
                var reader = pool.Rent();
                try
                {
                    // 2 = MEMORY: a batch's savepoint journal never spills to a file in the temp folder; 0 = the build's default.
                    Assert.Equal(2L, TempStore(writer));
                    Assert.Equal(0L, TempStore(reader));
                }
                finally
                {
                    pool.Return(reader);
                    pool.Discard(writer);
                }
            }

            SqliteConnection.ClearAllPools();
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static long TempStore(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA temp_store";
        return (long)command.ExecuteScalar()!;
    }
}
