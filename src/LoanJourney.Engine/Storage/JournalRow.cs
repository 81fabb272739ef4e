namespace LoanJourney.Engine.Storage;

/// <summary>A <c>journal</c> row as Dapper reads it (positional, time in Unix ms), both stores.</summary>
internal static class JournalRow
{
    /// <summary>The columns, in the tuple's order.</summary>
    public const string Columns = "seq, instance_id, at, kind, step_id, attempt, data_json";

    public static JournalRecord ToRecord(this (long Seq, string InstanceId, long At, string Kind, string? StepId, long? Attempt, string? DataJson) r) =>
        new(r.Seq, r.InstanceId, Sqlite.UnixMs.From(r.At), r.Kind, r.StepId, (int?)r.Attempt, r.DataJson);
}
