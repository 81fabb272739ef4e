namespace LoanJourney.Engine.Tests.Storage.Postgres;

/// <summary>
/// A test class whose engine nodes (<see cref="PostgresEngineNode"/>) run on a schema of their own on the shared server, with
/// their own folder of workflow definitions: both made before the class's tests and removed after them.
/// </summary>
public abstract class PostgresNodeTests(PostgresServer server) : IAsyncLifetime
{
    protected PostgresServer Server { get; } = server;

    /// <summary>The folder the class's nodes load their definitions from.</summary>
    protected string Definitions { get; } = Path.Combine(Path.GetTempPath(), "lj-pg-defs-" + Guid.NewGuid().ToString("N"));

    protected string ConnectionString { get; private set; } = "";

    /// <summary>The class's workflow definitions: each file's name in <see cref="Definitions"/> and its JSON.</summary>
    protected abstract IEnumerable<(string File, string Json)> Workflows();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Definitions);
        foreach (var (file, json) in Workflows())
        {
            await File.WriteAllTextAsync(Path.Combine(Definitions, file), json);
        }

        ConnectionString = await Server.CreateSchemaAsync();
    }

    public async Task DisposeAsync()
    {
        await Server.DropSchemaAsync(ConnectionString);
        Directory.Delete(Definitions, recursive: true);
    }
}
