namespace LoanJourney.Engine.Runtime;

/// <summary>Which store the engine uses.</summary>
public enum StoreProvider
{
    /// <summary>Embedded SQLite file (single node).</summary>
    Sqlite,
    /// <summary>PostgreSQL (several nodes); not implemented yet.</summary>
    PostgreSql,
}
