namespace LoanJourney.Engine.Model;

/// <summary>The <see cref="AuditEntry.Action"/> names. Branches adding operator actions add theirs here.</summary>
public static class AuditActions
{
    /// <summary>A journey started through the API or the Studio.</summary>
    public const string Start = "start";
    /// <summary>A signal sent to a journey.</summary>
    public const string Signal = "signal";
    /// <summary>A journey cancelled (with compensation).</summary>
    public const string Cancel = "cancel";
    /// <summary>A faulted step retried.</summary>
    public const string Retry = "retry";
    /// <summary>A faulted step skipped to an outcome.</summary>
    public const string Skip = "skip";
    /// <summary>One journey of a bulk cancel.</summary>
    public const string BulkCancel = "bulk-cancel";
    /// <summary>One journey of a bulk retry.</summary>
    public const string BulkRetry = "bulk-retry";
    /// <summary>An outcome-unknown money call confirmed as sent by the operator (with the lender's reference).</summary>
    public const string ConfirmSent = "confirm-sent";
    /// <summary>An outcome-unknown money call confirmed as not sent by the operator (the step sends it again).</summary>
    public const string ConfirmNotSent = "confirm-not-sent";
    /// <summary>A journey moved to another version of its workflow.</summary>
    public const string Migrate = "migrate";
    /// <summary>One journey of a migration batch.</summary>
    public const string BulkMigrate = "bulk-migrate";
    /// <summary>A journey moved to another step of its version (alteration).</summary>
    public const string AlterGoto = "alter-goto";
    /// <summary>Workflow variables of a journey set (alteration).</summary>
    public const string AlterVariables = "alter-variables";
    /// <summary>A journey no node can decrypt closed as Cancelled without compensation (admin, last resort).</summary>
    public const string Abandon = "abandon";
    /// <summary>One journey of a bulk abandon (its <c>batchId</c> in the data).</summary>
    public const string BulkAbandon = "bulk-abandon";
    /// <summary>A definition version published.</summary>
    public const string Publish = "publish";
    /// <summary>A workflow's sample start input saved in the store (its fields and the sample masked in the data).</summary>
    public const string SampleSave = "sample-save";
    /// <summary>A workflow's stored sample start input removed.</summary>
    public const string SampleDelete = "sample-delete";
    /// <summary>A borrower's data erased on request (one entry per request, one per journey redacted).</summary>
    public const string Erasure = "erasure";
    /// <summary>A retention batch redacted journeys or inbox records.</summary>
    public const string Retention = "retention";
    /// <summary>A borrower's access report read (DPDP Act s.11): the customer id only as its hash, how many journeys and recipients.</summary>
    public const string AccessReport = "access-report";
    /// <summary>The audit trail downloaded as a file (<c>GET /api/audit/export</c>): its filters, format and rows in the data.</summary>
    public const string AuditExport = "audit-export";

    /// <summary>
    /// Every action, in the order docs/api.md lists them: the values <c>GET /api/audit?action=</c> can match (the OpenAPI
    /// document's enum, so the Studio's action filter comes from it).
    /// </summary>
    public static IReadOnlyList<string> All { get; } =
    [
        Start, Signal, Cancel, Retry, Skip, BulkCancel, BulkRetry, ConfirmSent, ConfirmNotSent, Migrate, BulkMigrate,
        AlterGoto, AlterVariables, Abandon, BulkAbandon, Publish, SampleSave, SampleDelete, Erasure, AccessReport, Retention, AuditExport,
    ];
}
