using System.Net;
using LoanJourney.Engine.Runtime;
using LoanJourney.Server.Hosting;
using LoanJourney.Server.Tests.Support;

namespace LoanJourney.Server.Tests.Hosting;

/// <summary>
/// The lock in a test process: a host owns it, so two hosts at once on one SQLite file refuse the second as two processes do
/// (flock conflicts between two opens in one process too), and a disposed host releases it for the next at once. No test here
/// keeps two hosts on one file at once; a restart test disposes the first host before it builds the second.
/// </summary>
public sealed class SqliteDatabaseLockTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("lj-lock-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task ASecondHostOnTheDatabase_IsRefusedNamingIt_AndADisposedHostLetsTheNextStart()
    {
        var database = Path.Combine(_directory, "server.db");
        using (var first = Server(database))
        {
            Assert.Equal(HttpStatusCode.OK, (await first.CreateClient().GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);

            using var second = Server(database);
            var refused = Assert.ThrowsAny<Exception>(() => second.CreateClient()).ToString();
            Assert.Contains($"the SQLite database {database} is in use by another LoanJourney server (it holds {database}.lock).", refused, StringComparison.Ordinal);
            Assert.Contains("Engine:DatabasePath", refused, StringComparison.Ordinal);
        }

        using var next = Server(database);
        Assert.Equal(HttpStatusCode.OK, (await next.CreateClient().GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public void PostgreSql_TakesNoLock()
    {
        var database = Path.Combine(_directory, "loanjourney.db");

        Assert.Null(SqliteDatabaseLock.Acquire(new EngineOptions
        {
            Store = StoreProvider.Postgres,
            ConnectionString = "Host=localhost;Database=loanjourney",
            DatabasePath = database,
        }));
        Assert.False(File.Exists(SqliteDatabaseLock.PathFor(database)));
    }

    private ServerFactory Server(string database) => new(new Dictionary<string, string?>
    {
        ["Engine:DatabasePath"] = database,
        ["Server:DataProtectionKeysPath"] = Path.Combine(_directory, "keys"),
    });
}
