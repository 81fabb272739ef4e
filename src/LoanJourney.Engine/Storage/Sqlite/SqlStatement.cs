namespace LoanJourney.Engine.Storage.Sqlite;

/// <summary>
/// One statement of a hot path: its SQL text and its parameter names in binding order. Each is a static instance, the key
/// under which every pooled connection keeps the statement prepared (see <see cref="SqliteStatementCache"/>).
/// </summary>
internal sealed class SqlStatement
{
    public SqlStatement(string sql, params string[] parameters)
    {
        foreach (var parameter in parameters)
        {
            // A name the SQL does not use would be bound to nothing, silently (Microsoft.Data.Sqlite skips it).
            if (!sql.Contains(parameter, StringComparison.Ordinal))
            {
                throw new ArgumentException($"'{parameter}' does not occur in: {sql}", nameof(parameters));
            }
        }

        Sql = sql;
        Parameters = parameters;
    }

    public string Sql { get; }

    public IReadOnlyList<string> Parameters { get; }
}
