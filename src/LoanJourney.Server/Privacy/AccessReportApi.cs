using System.Security.Claims;
using System.Text.Json.Nodes;
using LoanJourney.Engine.Errors;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Runtime;
using LoanJourney.Lenders.Common;
using LoanJourney.Server.Audit;
using LoanJourney.Server.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoanJourney.Server.Privacy;

/// <summary>
/// <c>GET /api/borrowers/{customerId}/access-report</c> (Auditor or Admin): the DPDP Act's right of access (s.11) for a lending
/// platform — the borrower's journeys (purpose, status, outcome, dates, retention due), the categories of personal data each
/// holds, and which lenders and partners received which categories in which calls, read from the journal's lender calls (rows
/// or packed alike). Categories and names only, never a value; what retention and erasure removed is said, not guessed.
/// </summary>
internal static class AccessReportApi
{
    private const int Page = 200;
    private const int JournalPage = 500;
    private const string LenderCallKind = "LenderCall";

    public static async Task<Results<Ok<AccessReportView>, ProblemHttpResult>> ReportAsync(string customerId, ClaimsPrincipal user,
        IWorkflowClient client, AuditTrail audit, RetentionSettings settings, TimeProvider time, CancellationToken cancellationToken)
    {
        if (PrivacyApi.CustomerIdProblem(ref customerId) is { } problem)
        {
            return problem;
        }

        var customerHash = PrivacyHash.Of(customerId);
        var journeys = new List<AccessJourneyView>();
        foreach (var key in new[] { customerId, customerHash })
        {
            for (var skip = 0; ; skip += Page)
            {
                var page = await client.ListInstancesAsync(new InstanceQuery { CorrelationId = key, Skip = skip, Take = Page, Descending = false }, cancellationToken);
                foreach (var journey in page.Items)
                {
                    journeys.Add(await JourneyAsync(journey, key == customerHash, client, settings, cancellationToken));
                }

                if (page.Items.Count < Page)
                {
                    break;
                }
            }
        }

        // Read like an erasure: the trail keeps who looked the borrower up, and the customer id only as its hash. A look-up that
        // found nothing is recorded too: it tells the one who asked that the platform holds nothing of them.
        var recipients = Recipients(journeys);
        await audit.RecordAsync(user, AuditActions.AccessReport, null, null, null, new JsonObject
        {
            ["customerHash"] = customerHash,
            ["journeys"] = journeys.Count,
            ["recipients"] = recipients.Count,
        });

        if (journeys.Count == 0)
        {
            return Problem.NotFound(
                $"No journey carries customer id {Masked(customerId)} ({customerHash}), nor its hash: the platform holds no journey of this borrower. "
                + "Webhook records keyed to it are not read here (docs/server.md, \"Access report\").", "borrower_not_found");
        }

        var redacted = journeys.Where(j => j.Redacted is not null).ToList();
        var removed = new AccessRemovedView(redacted.Count, redacted.Count(j => j.Redacted!.By == AuditActions.Erasure),
            redacted.Count(j => j.Redacted!.By == AuditActions.Retention), journeys.Sum(j => j.LenderCalls.Count(c => c.Lender is null)));
        return TypedResults.Ok(new AccessReportView(customerHash, time.GetUtcNow(), settings.Enabled, journeys, recipients, removed));
    }

    /// <summary>A customer id as a problem names it: its last four characters, the rest <c>X</c> (the Studio's <c>maskCustomerId</c>).</summary>
    internal static string Masked(string customerId)
    {
        var keep = customerId.Length > 6 ? 4 : 0;
        return new string('X', customerId.Length - keep) + customerId[(customerId.Length - keep)..];
    }

    private static async Task<AccessJourneyView> JourneyAsync(WorkflowInstanceSummary journey, bool redacted, IWorkflowClient client,
        RetentionSettings settings, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> categories = [];
        AccessRedactionView? redaction = null;
        if (redacted)
        {
            var erasure = await client.ListAuditAsync(new AuditQuery { Action = AuditActions.Erasure, InstanceId = journey.Id, Take = 1 }, cancellationToken);
            redaction = erasure.Items.Count > 0
                ? new AccessRedactionView(erasure.Items[0].At, AuditActions.Erasure)
                : new AccessRedactionView(journey.UpdatedAt, AuditActions.Retention); // a redaction is the journey's last change (session 43)
        }
        else
        {
            try
            {
                var detail = await client.GetInstanceDetailAsync(journey.Id, cancellationToken);
                var held = new JsonObject { ["input"] = detail.Input?.DeepClone(), ["variables"] = detail.Instance.Variables.DeepClone() };
                categories = JsonBodyMasker.Categories(held);
            }
            catch (InstanceUnreadableException)
            {
                categories = ["(unreadable: this node cannot decrypt the journey's data)"];
            }
        }

        var calls = new List<AccessLenderCallView>();
        for (var skip = 0; ; skip += JournalPage)
        {
            var page = await client.ReadJournalAsync(journey.Id, skip, JournalPage, cancellationToken);
            calls.AddRange(page.Items.Where(e => e.Kind == LenderCallKind).Select(Call));
            if (page.Items.Count < JournalPage)
            {
                break;
            }
        }

        return new AccessJourneyView(journey.Id, journey.WorkflowId, journey.WorkflowVersion, journey.Status, journey.Outcome, journey.Partner,
            journey.CreatedAt, journey.UpdatedAt, redacted ? null : RetentionDue(journey, settings), categories, redaction, calls);
    }

    private static AccessLenderCallView Call(JournalEntry entry)
    {
        if (entry.Data is not JsonObject data || data["lender"]?.GetValue<string>() is not { } lender)
        {
            return new AccessLenderCallView(entry.At, entry.StepId, null, null, null);
        }

        var categories = new SortedSet<string>(JsonBodyMasker.Categories(data["request"]), StringComparer.Ordinal);
        foreach (var name in QueryNames(data["path"]?.GetValue<string>()))
        {
            if (JsonBodyMasker.CategoryOf(name) is { } category)
            {
                categories.Add(category);
            }
        }

        return new AccessLenderCallView(entry.At, entry.StepId, lender, data["operation"]?.GetValue<string>(), categories.ToList());
    }

    // A lender call's path keeps its query's names (values masked): ?customerID=*** sent the customer id.
    private static IEnumerable<string> QueryNames(string? path)
    {
        var query = path?.IndexOf('?', StringComparison.Ordinal) is int at and >= 0 ? path[(at + 1)..] : "";
        return query.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)[0]);
    }

    private static DateTimeOffset? RetentionDue(WorkflowInstanceSummary journey, RetentionSettings settings)
    {
        if (!settings.Enabled)
        {
            return null;
        }

        var period = journey.Status switch
        {
            WorkflowStatus.Completed => settings.Policy.Completed,
            WorkflowStatus.Cancelled => settings.Policy.Cancelled,
            WorkflowStatus.Faulted => settings.Policy.Faulted,
            _ => null, // running or waiting: never redacted while in flight
        };
        return period is { } p ? journey.UpdatedAt + p : null;
    }

    private static List<AccessRecipientView> Recipients(List<AccessJourneyView> journeys) =>
        journeys.SelectMany(j => j.LenderCalls.Where(c => c.Lender is not null).Select(c => (Journey: j.Id, Call: c)))
            .GroupBy(x => x.Call.Lender!, StringComparer.Ordinal)
            .OrderBy(g => g.Min(x => x.Call.At))
            .Select(g => new AccessRecipientView(g.Key, g.Count(),
                g.Select(x => x.Call.Operation).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
                g.SelectMany(x => x.Call.Categories ?? []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
                g.Min(x => x.Call.At), g.Max(x => x.Call.At),
                g.Select(x => x.Journey).Distinct(StringComparer.Ordinal).ToList()))
            .ToList();
}
