using System.Data.Common;

namespace LoanJourney.Engine.Storage.Sqlite;

/// <summary>Reads nullable columns by ordinal, for the statements read without Dapper.</summary>
internal static class DataReaderExtensions
{
    public static string? GetStringOrNull(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? GetInt64OrNull(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);
}
