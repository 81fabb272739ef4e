namespace LoanJourney.Engine.Runtime;

/// <summary>Which store the engine uses (<c>Storage:Provider</c> in the server's configuration).</summary>
public enum StoreProvider
{
    /// <summary>Embedded SQLite file (single node, the default).</summary>
    Sqlite,
    /// <summary>PostgreSQL (several nodes on one database); needs <see cref="EngineOptions.ConnectionString"/>.</summary>
    Postgres,
}
