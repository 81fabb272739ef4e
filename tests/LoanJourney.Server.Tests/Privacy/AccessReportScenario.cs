using System.Net;
using System.Text.Json.Nodes;
using LoanJourney.Engine.Storage;
using LoanJourney.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LoanJourney.Server.Tests.Privacy;

/// <summary>
/// <c>GET /api/borrowers/{customerId}/access-report</c> (DPDP Act s.11) over real lender calls to the sandbox, on whichever store
/// the settings name: one journey packed, one redacted as retention does, then the erasure; who may read it; bad input and an
/// unknown borrower as problems; and no value of the borrower's in the report, its audit entry or the log.
/// </summary>
internal static class AccessReportScenario
{
    private const string Pan = "ABCDE4711F";
    private const string Mobile = "9876504711";
    private const string Email = "asha.rao@mail.example";
    private const string Name = "Asha Rao";

    public static async Task RunAsync(IDictionary<string, string?> storeSettings)
    {
        var logs = Path.Combine(Path.GetTempPath(), "lj-access-logs-" + Guid.NewGuid().ToString("N"));
        var settings = TestPrincipals.Settings();
        settings["Serilog:File:Path"] = Path.Combine(logs, "server-.json");
        foreach (var (key, value) in storeSettings)
        {
            settings[key] = value;
        }

        try
        {
            using (var server = new LenderServerFactory(settings: settings))
            {
                await WalkAsync(server);
            }

            // The log (closed with the server) names the report's path masked and none of the borrower's values.
            var log = await LogFiles.ReadAsync(logs);
            Assert.Contains("/api/borrowers/***/access-report", log, StringComparison.Ordinal);
            Assert.DoesNotContain("/access-report", log.Replace("/api/borrowers/***/access-report", "", StringComparison.Ordinal), StringComparison.Ordinal);
            AssertNoValue(log, customerId: null);
        }
        finally
        {
            try
            {
                Directory.Delete(logs, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task WalkAsync(LenderServerFactory server)
    {
        var customerId = "CUST-AR-" + Guid.NewGuid().ToString("N")[..6];
        var input = new { customerId, mobile = Mobile, pan = Pan, email = Email, name = Name };
        var admin = server.CreateClient(TestPrincipals.KeyOf("Admin"));
        var auditor = server.CreateClient(TestPrincipals.KeyOf("Auditor"));
        var first = await admin.StartAsync("test-lender", input);
        await admin.WaitForStatusAsync(first, "Completed", TimeSpan.FromSeconds(60));
        var second = await admin.StartAsync("test-lender", input);
        await admin.WaitForStatusAsync(second, "Completed", TimeSpan.FromSeconds(60));

        // The second as retention redacts it; then every finished journal is packed (the first's lender calls are read from the archive).
        var store = server.Services.GetRequiredService<IWorkflowStore>();
        var time = server.Services.GetRequiredService<TimeProvider>();
        Assert.Single(await store.RedactInstancesAsync([second], time.GetUtcNow(), default));
        Assert.True(await store.CompactJournalsAsync(DateTimeOffset.MaxValue, 1000, default) >= 1);

        var path = $"/api/borrowers/{customerId}/access-report";
        foreach (var role in new[] { "Viewer", "Operator", "Designer" })
        {
            var refused = await (await server.CreateClient(TestPrincipals.KeyOf(role)).GetAsync(path)).AssertProblemAsync(HttpStatusCode.Forbidden);
            Assert.Equal("Auditor", refused["requiredRole"]!.GetValue<string>());
        }

        await (await auditor.GetAsync("/api/borrowers/%20/access-report")).AssertProblemAsync(HttpStatusCode.BadRequest, "customerId");
        await (await auditor.GetAsync($"/api/borrowers/{new string('C', 201)}/access-report")).AssertProblemAsync(HttpStatusCode.BadRequest, "customerId");
        var nobody = "CUST-NOBODY-" + Guid.NewGuid().ToString("N")[..6];
        var unknown = await (await auditor.GetAsync($"/api/borrowers/{nobody}/access-report")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("borrower_not_found", unknown["code"]!.GetValue<string>());
        Assert.Contains(new string('X', nobody.Length - 4) + nobody[^4..], unknown["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain(nobody, unknown.ToJsonString(), StringComparison.OrdinalIgnoreCase);

        using var response = await auditor.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        AssertNoValue(text, customerId);
        var report = JsonNode.Parse(text)!.AsObject();
        var customerHash = report["customerHash"]!.GetValue<string>();
        Assert.StartsWith("sha256:", customerHash, StringComparison.Ordinal);
        var journeys = report["journeys"]!.AsArray();
        Assert.Equal([first, second], journeys.Select(j => j!["id"]!.GetValue<string>()));

        // The live journey: what it holds by category, its lender call (read from the packed journal) by recipient and category.
        var live = journeys[0]!;
        Assert.Equal("Completed", live["status"]!.GetValue<string>());
        Assert.Equal("Created", live["outcome"]!.GetValue<string>());
        Assert.Null(live["redacted"]);
        Assert.Equal(live["updatedAt"]!.GetValue<DateTimeOffset>() + TimeSpan.FromDays(90), live["retentionDueAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(["PAN", "customer and loan ids", "email address", "mobile number", "name"], Strings(live["categories"]));
        var call = Assert.Single(live["lenderCalls"]!.AsArray())!;
        Assert.Equal("createUser", call["stepId"]!.GetValue<string>());
        var lender = call["lender"]!.GetValue<string>();
        Assert.StartsWith(lender + ".", call["operation"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("mobile number", Strings(call["categories"]));
        Assert.Contains("customer and loan ids", Strings(call["categories"]));
        Assert.DoesNotContain("PAN", Strings(call["categories"])); // CreateUser sends the id and the mobile only

        // The redacted journey: its data and its calls' recipients went with the redaction, and the report says so.
        var gone = journeys[1]!;
        Assert.Equal("retention", gone["redacted"]!["by"]!.GetValue<string>());
        Assert.Empty(gone["categories"]!.AsArray());
        Assert.Null(gone["retentionDueAt"]);
        Assert.All(gone["lenderCalls"]!.AsArray(), c => Assert.Null(c!["lender"]));
        Assert.NotEmpty(gone["lenderCalls"]!.AsArray());

        var recipient = Assert.Single(report["sharedWith"]!.AsArray())!;
        Assert.Equal(lender, recipient["lender"]!.GetValue<string>());
        Assert.Equal([first], Strings(recipient["journeys"]));
        Assert.Equal(1, recipient["calls"]!.GetValue<int>());
        Assert.Equal(1, report["removed"]!["journeys"]!.GetValue<int>());
        Assert.Equal(1, report["removed"]!["byRetention"]!.GetValue<int>());
        Assert.Equal(gone["lenderCalls"]!.AsArray().Count, report["removed"]!["lenderCallsWithoutDetails"]!.GetValue<int>());

        // The Admin reads it too; each read is audited with the hash only (the 404 as well).
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(path)).StatusCode);
        var audit = await (await auditor.GetAsync("/api/audit?action=access-report")).ReadObjectAsync();
        var entries = audit["items"]!.AsArray();
        Assert.Equal(3, entries.Count);
        AssertNoValue(audit.ToJsonString(), customerId);
        Assert.DoesNotContain(nobody, audit.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(customerHash, entries[0]!["data"]!["customerHash"]!.GetValue<string>());
        Assert.Equal(2, entries[0]!["data"]!["journeys"]!.GetValue<int>());
        Assert.Equal(TestPrincipals.NameOf("Admin"), entries[0]!["principal"]!.GetValue<string>());
        Assert.Equal(TestPrincipals.NameOf("Auditor"), entries[1]!["principal"]!.GetValue<string>());
        Assert.Equal(0, entries[2]!["data"]!["journeys"]!.GetValue<int>());

        // After the erasure the live journey reads as erased, and nothing of the borrower's values is left to report.
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/borrowers/{customerId}/erasure", Api.Json(new { reason = "DPDP request 11" }))).StatusCode);
        var after = await (await auditor.GetAsync(path)).ReadObjectAsync();
        AssertNoValue(after.ToJsonString(), customerId);
        Assert.Equal(["erasure", "retention"], after["journeys"]!.AsArray().Select(j => j!["redacted"]!["by"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Empty(after["sharedWith"]!.AsArray());
        Assert.Equal(1, after["removed"]!["byErasure"]!.GetValue<int>());
    }

    private static List<string> Strings(JsonNode? node) => node!.AsArray().Select(n => n!.GetValue<string>()).ToList();

    private static void AssertNoValue(string text, string? customerId)
    {
        foreach (var value in new[] { Pan, Mobile, Email, Name, "Asha", customerId })
        {
            if (value is not null)
            {
                Assert.DoesNotContain(value, text, StringComparison.OrdinalIgnoreCase);
            }
        }
    }
}
