using LoanJourney.Engine.Errors;
using LoanJourney.Engine.Runtime;
using LoanJourney.Engine.Storage;

namespace LoanJourney.Server.Hosting;

/// <summary>
/// With PostgreSQL, the start waits for the engine's initialization (migrations, the payload key check, the definitions'
/// load: what the node does with the store first, and would do in the background anyway, so the happy path makes no extra
/// round trip) for at most <see cref="Wait"/>, before Kestrel binds. A PostgreSQL that answers but refuses this node's
/// configuration (<see cref="StoreMisconfigured"/>: the database does not exist, the password or the role is refused, a
/// privilege is missing) stops the start with the one line that names the cause, its SqlState, the host and database (never
/// the password) and what to do. So does a database a newer build has migrated (<see cref="SchemaNewerThanBuildException"/>,
/// walk 47: an older node ran on it without a word). Walk 42: such a node started, answered readiness 503 "unreachable" and every API call 500,
/// and only the log's repeated SqlState said why. Anything else (a PostgreSQL that cannot be reached, is starting up, or
/// answers slower than <see cref="Wait"/>; payload keys that do not match) lets the node start as before: nodes may start
/// before their database, and the initialization is retried by the dispatcher, the listeners and every API call.
/// </summary>
internal sealed class StoreStartCheck(EngineInitializer initializer, EngineOptions options) : IHostedService
{
    /// <summary>How long the start waits for the initialization before it goes on without it (a migration may run for minutes).</summary>
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Store != StoreProvider.Postgres)
        {
            // SQLite: a file of this node's own, held by SqliteDatabaseLock; nothing to refuse it, unless the definitions must
            // all load. Walk 44: with Engine:FailOnDefinitionErrors and a bad file the server started anyway (the load is
            // lazy), answered every call 409 or 500 and logged the dispatcher's stack every 2 s.
            if (options.FailOnDefinitionErrors)
            {
                try
                {
                    await initializer.EnsureInitializedAsync(cancellationToken);
                }
                catch (DefinitionLoadException e)
                {
                    throw new InvalidOperationException(Describe(e, options.DefinitionsDirectory));
                }
                catch (SchemaNewerThanBuildException e)
                {
                    // The initialization this start waits for found a newer build's schema: refused here as on PostgreSQL, one line,
                    // no stack (session 48: it was the host's "Hosting failed to start" with its stack, then the same stack on stderr).
                    throw new InvalidOperationException($"{e.Message} (Engine:DatabasePath: {options.DatabasePath})");
                }
            }

            return;
        }

        try
        {
            await initializer.EnsureInitializedAsync(cancellationToken).WaitAsync(Wait, cancellationToken);
        }
        catch (DefinitionLoadException e)
        {
            throw new InvalidOperationException(Describe(e, options.DefinitionsDirectory));
        }
        catch (Exception e) when (StoreMisconfigured.Find(e) is { } refused)
        {
            throw new InvalidOperationException(Describe(refused, options.ConnectionString));
        }
        catch (SchemaNewerThanBuildException e)
        {
            // A newer build migrated the database (docs/scale-out.md, "Upgrading the nodes"): this older one does not run on it.
            throw new InvalidOperationException($"{e.Message} (ConnectionStrings:LoanJourney: {StoreMisconfigured.Target(options.ConnectionString)})");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Unreachable, still starting, slower than Wait, or keys that do not match: the node starts as before, and the
            // loops that retry the initialization log it (docs/scale-out.md, "Database outage").
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The start failure's one line when Engine:FailOnDefinitionErrors is on: every problem with its file, step and field.</summary>
    internal static string Describe(DefinitionLoadException failed, string? directory) =>
        $"Engine:FailOnDefinitionErrors is set and {failed.Errors.Count} problem(s) were found in the definitions ({directory}): " +
        string.Join("; ", failed.Errors.Select(e => e.Describe())) + ". Fix the files, or unset it to start with the workflows that load.";

    /// <summary>The start failure's message: cause, SqlState, where (never the password), and what to do.</summary>
    internal static string Describe(Npgsql.PostgresException refused, string? connectionString) =>
        $"PostgreSQL refuses this node's configuration (ConnectionStrings:LoanJourney: {StoreMisconfigured.Target(connectionString)}): " +
        $"{refused.SqlState}: {refused.MessageText}. {StoreMisconfigured.Remedy(refused, connectionString)}";
}
