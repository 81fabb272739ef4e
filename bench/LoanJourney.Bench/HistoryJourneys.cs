using System.Globalization;
using System.Text.Json;
using LoanJourney.Engine.Model;

namespace LoanJourney.Bench;

/// <summary>
/// Finished and live <c>finbox-personal-loan</c> journeys as the engine stores them, for seeding history: 60 % disbursed,
/// 25 % rejected at the BRE, banking or KYC, 10 % waiting at KYC, 4 % faulted at banking (with an open incident), 1 %
/// cancelled; created evenly over the year before now, step durations 5 ms to 3 s (waits: minutes).
/// </summary>
internal sealed class HistoryJourneys(int count, DateTimeOffset now)
{
    public const string WorkflowId = "finbox-personal-loan";
    private static readonly string[] Happy = ["createUser", "updateDetails", "bre", "acceptOffer", "banking", "kyc", "agreement", "disburse", "shareApproved"];
    private static readonly string[] RejectedAt = ["bre", "banking", "kyc"];
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly string Input = JsonSerializer.Serialize(new
    {
        customerId = "CUST-000000", mobile = "9000000000",
        basicDetails = new { personalDetails = new { pan = "ABCDE1234F", name = "Seeded Borrower", dob = "1990-01-01", gender = "F", email = "seeded@mail.example" } },
        loan = new { amount = 200000, tenure = 24 },
    });
    private static readonly string Outputs = JsonSerializer.Serialize(Happy.ToDictionary(s => s, s => new { outcome = "Done", data = new string('x', 120) }));

    public int Count => count;

    /// <summary>Journey <paramref name="n"/> (0-based): its row as the store writes it (times Unix ms).</summary>
    public (string Id, string Status, string? Outcome, string? CorrelationId, string Input, string Outputs, string History, string? CurrentStep, long CreatedAt, long UpdatedAt, bool Incident) Row(int n)
    {
        var random = new Random(n);
        var created = now.AddDays(-365).AddMilliseconds(365d * 86_400_000 * n / count);
        var history = new List<StepHistoryEntry>();
        var at = created;
        void Step(string id, string status, string? outcome, double ms, string activity = "FinBoxPrism.Step")
        {
            var finished = status is "Completed" or "Skipped" ? at.AddMilliseconds(ms) : (DateTimeOffset?)null;
            history.Add(new StepHistoryEntry { StepId = id, Activity = activity, Status = status, Outcome = outcome, StartedAt = at, FinishedAt = finished });
            at = finished ?? at;
        }

        var kind = n % 100;
        string status;
        string? outcome = null;
        string? current = null;
        if (kind < 60)
        {
            foreach (var s in Happy)
            {
                Step(s, "Completed", "Done", Duration(random, s));
            }

            Step("disbursed", "Completed", "Disbursed", 0, "Core.End");
            (status, outcome) = ("Completed", "Disbursed");
        }
        else if (kind < 85)
        {
            var reject = RejectedAt[kind % 3];
            foreach (var s in Happy.TakeWhile(s => s != reject))
            {
                Step(s, "Completed", "Done", Duration(random, s));
            }

            Step(reject, "Completed", "Rejected", Duration(random, reject));
            Step("shareRejected", "Completed", "Done", Duration(random, "shareRejected"));
            Step("rejected", "Completed", "Rejected", 0, "Core.End");
            (status, outcome) = ("Completed", "Rejected");
        }
        else
        {
            var (stopAt, stopStatus) = kind < 95 ? ("kyc", "Waiting") : kind < 99 ? ("banking", "Faulted") : ("acceptOffer", "Cancelled");
            foreach (var s in Happy.TakeWhile(s => s != stopAt))
            {
                Step(s, "Completed", "Done", Duration(random, s));
            }

            Step(stopAt, stopStatus, null, 0);
            (status, current) = (stopStatus, stopAt);
        }

        var id = "h" + n.ToString("D8", CultureInfo.InvariantCulture);
        return (id, status, outcome, "CUST-" + n.ToString("D8", CultureInfo.InvariantCulture), Input, Outputs, JsonSerializer.Serialize(history, Json), current,
            created.ToUnixTimeMilliseconds(), at.ToUnixTimeMilliseconds(), status == "Faulted");
    }

    private static double Duration(Random random, string step) =>
        step is "kyc" or "agreement" ? random.Next(60_000, 1_800_000) : random.Next(5, 3000);
}
