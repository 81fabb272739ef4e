using System.Text;
using Dapper;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage.Sqlite;

namespace LoanJourney.Engine.Storage;

/// <summary>The audit listing's WHERE clause, the same SQL on both stores.</summary>
internal static class AuditSql
{
    public static (string Where, DynamicParameters Parameters) Filter(AuditQuery query)
    {
        var where = new StringBuilder("WHERE 1 = 1");
        var parameters = new DynamicParameters();
        parameters.Add("Take", query.Take);
        parameters.Add("Skip", query.Skip);
        if (query.From is { } from)
        {
            where.Append(" AND at >= @From");
            parameters.Add("From", UnixMs.To(from));
        }

        if (query.To is { } to)
        {
            where.Append(" AND at < @To");
            parameters.Add("To", UnixMs.To(to));
        }

        foreach (var (column, value) in new[] { ("principal", query.Principal), ("action", query.Action), ("workflow_id", query.WorkflowId), ("instance_id", query.InstanceId) })
        {
            if (value is not null)
            {
                where.Append(" AND ").Append(column).Append(" = @").Append(column);
                parameters.Add(column, value);
            }
        }

        if (query.Actions is { Count: > 0 } actions)
        {
            // One parameter per action, named here: Dapper's own list expansion (IN @Actions) is not applied for Npgsql,
            // which sends the array as one parameter ("syntax error at or near $1"; the contract test on PostgreSQL).
            var names = actions.Distinct(StringComparer.Ordinal).Select((action, i) =>
            {
                parameters.Add($"Action{i}", action);
                return $"@Action{i}";
            });
            where.Append(" AND action IN (").Append(string.Join(", ", names)).Append(')');
        }

        return (where.ToString(), parameters);
    }

    /// <summary>The rows of the page: <paramref name="where"/> (what the total counts) and older than <c>before</c>.</summary>
    public static string Page(string where, AuditQuery query, DynamicParameters parameters)
    {
        if (query.Before is not { } before)
        {
            return where;
        }

        parameters.Add("Before", before);
        return where + " AND seq < @Before";
    }
}
