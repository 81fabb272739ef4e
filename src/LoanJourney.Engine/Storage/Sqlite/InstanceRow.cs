using System.Data.Common;
using System.Security.Cryptography;
using LoanJourney.Engine.Errors;
using LoanJourney.Engine.Model;

namespace LoanJourney.Engine.Storage.Sqlite;

/// <summary>Dapper shape of an <c>instances</c> row (times in Unix ms); <see cref="Read"/> fills it without Dapper.</summary>
internal sealed class InstanceRow
{
    public const string Columns =
        "id AS Id, workflow_id AS WorkflowId, workflow_version AS WorkflowVersion, status AS Status, outcome AS Outcome, " +
        "correlation_id AS CorrelationId, idempotency_key AS IdempotencyKey, input_json AS InputJson, variables_json AS VariablesJson, " +
        "outputs_json AS OutputsJson, history_json AS HistoryJson, current_step AS CurrentStepId, attempt AS Attempt, " +
        "step_state_json AS StepStateJson, pending_stimulus_json AS PendingStimulusJson, cancel_requested AS CancelRequested, " +
        "ready_at AS ReadyAt, version AS Version, lease_owner AS LeaseOwner, lease_token AS LeaseToken, " +
        "lease_expires_at AS LeaseExpiresAt, created_at AS CreatedAt, updated_at AS UpdatedAt, partner AS Partner";

    /// <summary>
    /// The record a start's INSERT (both stores' <c>InsertInstanceSql</c>) has just stored, made from what it was given instead of
    /// read back (round 48, docs/PERFORMANCE.md): the idempotency key as its hash, version 1, no lease, times in whole
    /// milliseconds; the payloads as given, which is what reading them back and decrypting them returns.
    /// </summary>
    public static InstanceRecord Inserted(InstanceRecord instance, string? idempotencyKeyHash) => instance with
    {
        IdempotencyKey = idempotencyKeyHash,
        ReadyAt = UnixMs.From(UnixMs.To(instance.ReadyAt)),
        Version = 1,
        LeaseOwner = null,
        LeaseToken = 0,
        LeaseExpiresAt = null,
        CreatedAt = UnixMs.From(UnixMs.To(instance.CreatedAt)),
        UpdatedAt = UnixMs.From(UnixMs.To(instance.UpdatedAt)),
    };

    public string Id { get; set; } = "";
    public string WorkflowId { get; set; } = "";
    public long WorkflowVersion { get; set; }
    public string Status { get; set; } = "";
    public string? Outcome { get; set; }
    public string? CorrelationId { get; set; }
    public string? IdempotencyKey { get; set; }
    public string InputJson { get; set; } = "";
    public string VariablesJson { get; set; } = "";
    public string OutputsJson { get; set; } = "";
    public string HistoryJson { get; set; } = "";
    public string? CurrentStepId { get; set; }
    public long Attempt { get; set; }
    public string? StepStateJson { get; set; }
    public string? PendingStimulusJson { get; set; }
    public long CancelRequested { get; set; }
    public long? ReadyAt { get; set; }
    public long Version { get; set; }
    public string? LeaseOwner { get; set; }
    public long LeaseToken { get; set; }
    public long? LeaseExpiresAt { get; set; }
    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }
    public string? Partner { get; set; }

    /// <summary>Reads the current row of a reader over <see cref="Columns"/>, by ordinal in their order.</summary>
    public static InstanceRow Read(DbDataReader reader) => new()
    {
        Id = reader.GetString(0),
        WorkflowId = reader.GetString(1),
        WorkflowVersion = reader.GetInt64(2),
        Status = reader.GetString(3),
        Outcome = reader.GetStringOrNull(4),
        CorrelationId = reader.GetStringOrNull(5),
        IdempotencyKey = reader.GetStringOrNull(6),
        InputJson = reader.GetString(7),
        VariablesJson = reader.GetString(8),
        OutputsJson = reader.GetString(9),
        HistoryJson = reader.GetString(10),
        CurrentStepId = reader.GetStringOrNull(11),
        Attempt = reader.GetInt64(12),
        StepStateJson = reader.GetStringOrNull(13),
        PendingStimulusJson = reader.GetStringOrNull(14),
        CancelRequested = reader.GetInt64(15),
        ReadyAt = reader.GetInt64OrNull(16),
        Version = reader.GetInt64(17),
        LeaseOwner = reader.GetStringOrNull(18),
        LeaseToken = reader.GetInt64(19),
        LeaseExpiresAt = reader.GetInt64OrNull(20),
        CreatedAt = reader.GetInt64(21),
        UpdatedAt = reader.GetInt64(22),
        Partner = reader.GetStringOrNull(23),
    };

    /// <summary>
    /// The records of a claim's rows, in order; a row whose payloads cannot be decrypted (<see cref="InstanceUnreadableException"/>)
    /// is set aside instead of failing the whole claim. The caller commits the claim and then raises
    /// <see cref="UnreadableInstancesException"/> when anything was set aside (<see cref="Claimed"/>).
    /// </summary>
    public static (List<InstanceRecord> Read, List<InstanceUnreadableException> Unreadable) ReadClaimed(IEnumerable<InstanceRow> rows, IPayloadProtector protector)
    {
        var read = new List<InstanceRecord>();
        var unreadable = new List<InstanceUnreadableException>();
        foreach (var row in rows)
        {
            try
            {
                read.Add(row.ToRecord(protector));
            }
            catch (InstanceUnreadableException e)
            {
                unreadable.Add(e);
            }
        }

        return (read, unreadable);
    }

    /// <summary>What a claim hands the dispatcher: its readable records in due order, or the exception that also names the unreadable ones.</summary>
    public static IReadOnlyList<InstanceRecord> Claimed((List<InstanceRecord> Read, List<InstanceUnreadableException> Unreadable) claim)
    {
        var ordered = claim.Read.OrderBy(r => r.ReadyAt).ToList();
        return claim.Unreadable.Count == 0 ? ordered : throw new UnreadableInstancesException(ordered, claim.Unreadable);
    }

    /// <summary>The record, its payloads decrypted.</summary>
    /// <exception cref="InstanceUnreadableException">A payload cannot be decrypted with the protector's keys.</exception>
    public InstanceRecord ToRecord(IPayloadProtector protector)
    {
        try
        {
            return Decrypted(protector);
        }
        catch (CryptographicException e)
        {
            throw new InstanceUnreadableException(Id, e);
        }
    }

    private InstanceRecord Decrypted(IPayloadProtector protector) => new()
    {
        Id = Id,
        WorkflowId = WorkflowId,
        WorkflowVersion = (int)WorkflowVersion,
        Status = Enum.Parse<WorkflowStatus>(Status),
        Outcome = Outcome,
        CorrelationId = CorrelationId,
        IdempotencyKey = IdempotencyKey,
        InputJson = PackedPayload.Unprotect(protector, InputJson),
        VariablesJson = VariablesJson,
        OutputsJson = PackedPayload.Unprotect(protector, OutputsJson),
        HistoryJson = HistoryJson,
        CurrentStepId = CurrentStepId,
        Attempt = (int)Attempt,
        StepStateJson = StepStateJson,
        PendingStimulusJson = protector.UnprotectOrNull(PendingStimulusJson),
        CancelRequested = CancelRequested != 0,
        ReadyAt = UnixMs.From(ReadyAt),
        Version = Version,
        LeaseOwner = LeaseOwner,
        LeaseToken = LeaseToken,
        LeaseExpiresAt = UnixMs.From(LeaseExpiresAt),
        CreatedAt = UnixMs.From(CreatedAt),
        UpdatedAt = UnixMs.From(UpdatedAt),
        Partner = Partner,
    };
}
