using Microsoft.Data.Sqlite;

namespace LoanJourney.Engine.Storage.Sqlite;

/// <summary>
/// The hot-path statements of one pooled connection, each a <see cref="SqliteCommand"/> created once with its parameters.
/// Microsoft.Data.Sqlite keeps a command's prepared statement while its text is unchanged and resets it after each
/// execution, so SQLite parses and plans each statement once per connection instead of on every call (as it does for a
/// new command, which is what Dapper creates per call). Used by one caller at a time, like its connection.
/// </summary>
internal sealed class SqliteStatementCache(SqliteConnection connection) : IDisposable
{
    private readonly Dictionary<SqlStatement, SqliteCommand> _commands = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<SqlStatement, SqliteCommand> _control = new(ReferenceEqualityComparer.Instance);

    /// <summary>Commands this cache has created (one per statement it has run); tests check it does not grow with use.</summary>
    public int CommandsCreated => _commands.Count;

    /// <summary>Statements run through this cache.</summary>
    public long Executions { get; private set; }

    /// <summary>
    /// The command of a transaction-control statement (the group-commit writer's <c>BEGIN IMMEDIATE;</c>, <c>COMMIT;</c>,
    /// <c>ROLLBACK;</c>), created once and kept prepared like the hot-path statements, ready to execute with no
    /// <see cref="SqliteCommand.Transaction"/> (the writer begins its transaction with it, so the connection has no
    /// <see cref="SqliteTransaction"/>). Not counted in <see cref="CommandsCreated"/> or <see cref="Executions"/>: those count
    /// the statements of the work, transaction control aside.
    /// </summary>
    public SqliteCommand Control(SqlStatement statement)
    {
        if (statement.Parameters.Count != 0)
        {
            throw new ArgumentException($"Transaction control takes no parameters: {statement.Sql}", nameof(statement));
        }

        if (!_control.TryGetValue(statement, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = statement.Sql;
            _control.Add(statement, command);
        }

        return command;
    }

    /// <summary>
    /// Returns the command of <paramref name="statement"/> with <paramref name="values"/> bound in the statement's
    /// parameter order (<see langword="null"/> binds SQL NULL), ready to execute once in <paramref name="transaction"/>.
    /// Dispose any data reader of it before the next call for the same statement.
    /// </summary>
    public SqliteCommand Bind(SqlStatement statement, SqliteTransaction? transaction, params ReadOnlySpan<object?> values)
    {
        if (values.Length != statement.Parameters.Count)
        {
            throw new ArgumentException($"{values.Length} values for {statement.Parameters.Count} parameters of: {statement.Sql}", nameof(values));
        }

        if (!_commands.TryGetValue(statement, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = statement.Sql;
            foreach (var name in statement.Parameters)
            {
                command.Parameters.Add(new SqliteParameter(name, DBNull.Value));
            }

            _commands.Add(statement, command);
        }

        // Microsoft.Data.Sqlite refuses a command whose transaction is not the connection's current one.
        command.Transaction = transaction;
        var parameters = command.Parameters;
        for (var i = 0; i < values.Length; i++)
        {
            parameters[i].Value = values[i] ?? DBNull.Value;
        }

        Executions++;
        return command;
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values.Concat(_control.Values))
        {
            command.Dispose();
        }

        _commands.Clear();
        _control.Clear();
    }
}
