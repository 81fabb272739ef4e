using Npgsql;

namespace LoanJourney.Engine.Storage;

/// <summary>
/// Which store errors mean "the store answers, but refuses this node's configuration": PostgreSQL reached and saying that
/// the database named in the connection string does not exist (<c>3D000</c>), that the password or the authentication
/// failed (<c>28P01</c>; <c>28000</c>: a role that does not exist, no <c>pg_hba.conf</c> entry for this host, user and
/// database), that the role lacks a privilege the store needs (<c>42501</c>: on PostgreSQL 15 a role that does not own
/// the database may not create tables in <c>public</c>; or a grant revoked while running), or that no schema on the search
/// path exists to create the tables in (<c>3F000</c>). A retry never mends these: an operator does. They are kept apart
/// from <see cref="StoreUnavailable"/> (an outage, which a retry outlasts), so neither the engine's retries nor a caller's
/// <c>Retry-After</c> treat them as an outage; the server refuses to start on one (docs/server.md, "A PostgreSQL that
/// refuses this node") and answers <c>503 store_unavailable</c> while running, logged as the configuration fault it is.
/// </summary>
public static class StoreMisconfigured
{
    /// <summary>The SqlStates of a PostgreSQL that refuses this node's configuration.</summary>
    public static readonly IReadOnlySet<string> SqlStates = new HashSet<string>(StringComparer.Ordinal)
    {
        PostgresErrorCodes.InvalidCatalogName, // 3D000: database "…" does not exist
        PostgresErrorCodes.InvalidPassword, // 28P01: password authentication failed for user "…"
        PostgresErrorCodes.InvalidAuthorizationSpecification, // 28000: role "…" does not exist; no pg_hba.conf entry
        PostgresErrorCodes.InsufficientPrivilege, // 42501: permission denied for schema/table …
        PostgresErrorCodes.InvalidSchemaName, // 3F000: no schema has been selected to create in
    };

    /// <summary>True when <paramref name="exception"/> (or one inside it) is PostgreSQL refusing this node's configuration.</summary>
    public static bool Is(Exception exception) => Find(exception) is not null;

    /// <summary>The PostgreSQL error that refuses this node's configuration, in <paramref name="exception"/> or inside it; null if none.</summary>
    public static PostgresException? Find(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException postgres && SqlStates.Contains(postgres.SqlState))
            {
                return postgres;
            }
        }

        return null;
    }

    /// <summary>What an operator does about <paramref name="error"/>, named for <paramref name="connectionString"/>'s database and user.</summary>
    public static string Remedy(PostgresException error, string? connectionString)
    {
        ArgumentNullException.ThrowIfNull(error);
        var (database, user) = DatabaseAndUser(connectionString);
        return error.SqlState switch
        {
            PostgresErrorCodes.InvalidCatalogName =>
                $"Create the database (createdb -O {user} {database}, or CREATE DATABASE {database} OWNER {user}): the first node creates the schema in it, not the database itself.",
            PostgresErrorCodes.InvalidPassword =>
                $"Set the password of the PostgreSQL role {user} in ConnectionStrings:LoanJourney (or the role's password on the server: ALTER ROLE {user} PASSWORD …).",
            PostgresErrorCodes.InvalidAuthorizationSpecification =>
                $"Create the PostgreSQL role {user} (CREATE ROLE {user} LOGIN PASSWORD …), or allow it from this host in pg_hba.conf, as the message says.",
            PostgresErrorCodes.InsufficientPrivilege =>
                $"Give the role {user} the store's privileges: make it the owner of the database {database} (ALTER DATABASE {database} OWNER TO {user}) and of the schema it uses, or GRANT it USAGE and CREATE on that schema and every privilege on its tables.",
            _ => "Create the schema the connection string's Search Path names, or remove Search Path.",
        };
    }

    /// <summary>The host(s), port, database and user of a connection string, never its password.</summary>
    public static string Target(string? connectionString)
    {
        var builder = Parse(connectionString);
        var (database, user) = DatabaseAndUser(connectionString);
        return $"host {builder?.Host ?? "?"} port {builder?.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}, database {database}, user {user}";
    }

    private static (string Database, string User) DatabaseAndUser(string? connectionString)
    {
        var builder = Parse(connectionString);
        var user = builder?.Username ?? Environment.UserName;
        return (builder?.Database ?? user, user); // PostgreSQL's defaults: the database named after the user, the user of the OS
    }

    private static NpgsqlConnectionStringBuilder? Parse(string? connectionString)
    {
        try
        {
            return connectionString is null ? null : new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
