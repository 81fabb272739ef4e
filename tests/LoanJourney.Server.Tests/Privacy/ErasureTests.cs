using System.Net;
using System.Text;
using LoanJourney.Engine.Runtime;
using LoanJourney.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LoanJourney.Server.Tests.Privacy;

/// <summary>
/// <c>POST /api/borrowers/{customerId}/erasure</c> over HTTP: afterwards neither the SQLite database, its WAL nor the log
/// files hold the borrower's PAN, mobile, email, name or document bytes; the rows read through the store are empty; other
/// borrowers' journeys are intact.
/// </summary>
public sealed class ErasureTests : IDisposable
{
    private readonly ServerFactory _factory;
    private readonly string _logs;
    private readonly HttpClient _admin;
    private readonly HttpClient _operator;

    public ErasureTests()
    {
        var settings = TestPrincipals.Settings();
        _logs = Path.Combine(Path.GetTempPath(), "lj-erasure-logs-" + Guid.NewGuid().ToString("N"));
        settings["Serilog:File:Path"] = Path.Combine(_logs, "server-.json");
        settings["Server:MaxStartBodyBytes"] = "65536";
        _factory = new ServerFactory(settings);
        _admin = _factory.CreateClient(TestPrincipals.KeyOf("Admin"));
        _operator = _factory.CreateClient(TestPrincipals.KeyOf("Operator"));
    }

    public void Dispose()
    {
        _factory.Dispose();
        try
        {
            Directory.Delete(_logs, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed record Borrower(string CustomerId, string Pan, string Mobile, string Email, string Name, string Document)
    {
        public static Borrower Make(string tag) => new($"CUST-{tag}-{Guid.NewGuid().ToString("N")[..6]}", $"ABCDE{tag}F", $"98{tag}4321", $"{tag.ToLowerInvariant()}.borrower@mail.example",
            $"Meera {tag} Iyer", Convert.ToBase64String(Encoding.UTF8.GetBytes($"%PDF-1.4 KYC document of {tag} " + Guid.NewGuid())));

        public object Input => new { customerId = CustomerId, customer = new { pan = Pan, mobile = Mobile, email = Email, name = Name, statements = new[] { new { content = Document } } } };

        public IEnumerable<string> Secrets => [Pan, Mobile, Email, Name, Document];
    }

    // Walkthrough: "cancelfirst": true was accepted (and ignored). A misspelt field is refused, named, and nothing is erased.
    [Fact]
    public async Task ErasureRefusesAnUnknownField_NamingIt_AndErasesNothing()
    {
        var borrower = Borrower.Make("4321");
        var waiting = await _operator.StartAsync("test-review", borrower.Input);
        await _operator.WaitForStatusAsync(waiting, "Waiting");

        var problem = await (await _admin.PostAsync($"/api/borrowers/{borrower.CustomerId}/erasure", Api.Json(new { reason = "DPDP request 43", cancelfirst = true })))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "cancelfirst");
        Assert.Equal("Unknown field: an erasure takes \"reason\" and \"cancelFirst\" only.", problem["errors"]!["cancelfirst"]![0]!.GetValue<string>());

        Assert.Equal("Waiting", (await _admin.GetInstanceAsync(waiting))["status"]!.GetValue<string>());
        var input = (await _factory.Services.GetRequiredService<IWorkflowClient>().GetInstanceInputAsync(waiting))!;
        Assert.Equal(borrower.Pan, input["customer"]!["pan"]!.GetValue<string>());
        Assert.Equal(0L, (await (await _admin.GetAsync("/api/audit?action=erasure")).ReadObjectAsync())["total"]!.GetValue<long>());
    }

    // An over-long customer id was answered "Required: …", as if none had been sent (session 36).
    [Fact]
    public async Task AnOverlongCustomerId_IsNamedAsTooLong_NotAsMissing()
    {
        var problem = await (await _admin.PostAsync($"/api/borrowers/{new string('C', 201)}/erasure", Api.Json(new { reason = "DPDP request 44" })))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "customerId");
        Assert.StartsWith("At most 200 characters, not 201", problem["errors"]!["customerId"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ErasureRemovesEveryTraceOfOneBorrower_AndLeavesOthersIntact()
    {
        var erased = Borrower.Make("1234");
        var other = Borrower.Make("5678");
        var done = await _operator.StartAsync("test-review", erased.Input);
        await _operator.WaitForStatusAsync(done, "Waiting");
        Assert.Equal(HttpStatusCode.Accepted, (await _operator.PostAsync($"/api/instances/{done}/signals/decision", Api.Json(new { approved = true, note = erased.Name }))).StatusCode);
        await _operator.WaitForStatusAsync(done, "Completed");
        var waiting = await _operator.StartAsync("test-review", erased.Input);
        await _operator.WaitForStatusAsync(waiting, "Waiting");
        var others = await _operator.StartAsync("test-review", other.Input);
        await _operator.WaitForStatusAsync(others, "Waiting");

        // A FinBox event for the borrower that no journey waits for: buffered in the inbox, its payload encrypted (session 31;
        // it was in the clear), its key naming the customer by the hash of their id (session 53; it was in the clear).
        var webhook = $$"""{"customerID":"{{erased.CustomerId}}","eventType":"kyc_done","eventDescription":"{{erased.Email}} {{erased.Mobile}}","loggedAt":"2026-01-01 10:00:00"}""";
        Assert.Equal(HttpStatusCode.Accepted, (await _factory.CreateClient().PostAsync("/webhooks/finbox", Api.Json(webhook))).StatusCode);
        var before = await ReadDatabaseFilesAsync();
        Assert.Contains(erased.CustomerId, before, StringComparison.Ordinal); // the journeys name them: so the scan below can fail
        Assert.Contains($"finbox:{LoanJourney.Engine.Model.PrivacyHash.Of(erased.CustomerId)}:kyc_done", before, StringComparison.Ordinal);
        Assert.DoesNotContain($"finbox:{erased.CustomerId}:", before, StringComparison.Ordinal);
        Assert.DoesNotContain(erased.Email, before, StringComparison.Ordinal);

        // Only an Admin erases; a journey still waiting makes it 409 unless cancelFirst.
        var forbidden = await (await _operator.PostAsync($"/api/borrowers/{erased.CustomerId}/erasure", Api.Json(new { reason = "DPDP request 42" }))).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("Admin", forbidden["requiredRole"]!.GetValue<string>());
        await (await _admin.PostAsync($"/api/borrowers/{erased.CustomerId}/erasure", Api.Json(new { }))).AssertProblemAsync(HttpStatusCode.BadRequest, "reason");
        var conflict = await (await _admin.PostAsync($"/api/borrowers/{erased.CustomerId}/erasure", Api.Json(new { reason = "DPDP request 42" }))).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("journeys_in_flight", conflict["code"]!.GetValue<string>());
        Assert.Equal(waiting, conflict["instanceIds"]![0]!.GetValue<string>());
        Assert.Equal("Completed", (await _admin.GetInstanceAsync(done))["status"]!.GetValue<string>()); // nothing was redacted

        var response = await _admin.PostAsync($"/api/borrowers/{erased.CustomerId}/erasure", Api.Json(new { reason = "DPDP request 42", cancelFirst = true }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.ReadObjectAsync();
        Assert.Equal([waiting], result["cancelled"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(new[] { done, waiting }.Order(StringComparer.Ordinal), result["redacted"]!.AsArray().Select(n => n!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Equal(1, result["inboxRecords"]!.GetValue<int>());
        Assert.True(result["freedSpacePurged"]!.GetValue<bool>());
        var customerHash = result["customerHash"]!.GetValue<string>();
        Assert.StartsWith("sha256:", customerHash, StringComparison.Ordinal);

        // Through the API and the store (decrypted): the summary stays, the data is gone.
        var summary = await _admin.GetInstanceAsync(done);
        Assert.Equal("Completed", summary["status"]!.GetValue<string>());
        Assert.Equal("Disbursed", summary["outcome"]!.GetValue<string>());
        Assert.Equal(customerHash, summary["correlationId"]!.GetValue<string>());
        var client = _factory.Services.GetRequiredService<IWorkflowClient>();
        Assert.Equal("{}", (await client.GetInstanceInputAsync(done))!.ToJsonString());
        Assert.Equal("{}", (await client.GetInstanceInputAsync(waiting))!.ToJsonString());
        Assert.Empty((await client.GetInstanceAsync(done)).Variables);
        Assert.Equal("Cancelled", (await _admin.GetInstanceAsync(waiting))["status"]!.GetValue<string>());

        // The audit trail names the admin and the reason, and keeps only the hash of the customer id.
        var audit = await (await _admin.GetAsync("/api/audit?action=erasure")).ReadObjectAsync();
        Assert.Equal(3, audit["total"]!.GetValue<long>()); // one per journey, one for the request
        Assert.All(audit["items"]!.AsArray(), e =>
        {
            Assert.Equal("ada-admin", e!["principal"]!.GetValue<string>());
            Assert.Equal("DPDP request 42", e["reason"]!.GetValue<string>());
            Assert.Equal(customerHash, e["data"]!["customerHash"]!.GetValue<string>());
        });
        var cancelAudit = await (await _admin.GetAsync($"/api/audit?action=cancel&instanceId={waiting}")).ReadObjectAsync();
        Assert.Equal("ada-admin", cancelAudit["items"]![0]!["principal"]!.GetValue<string>());

        // No byte of the borrower anywhere: database, WAL, logs. Neither holds even the customer id (the audit and the webhook
        // lines keep its hash; the operator's refused erasure above logged its path masked).
        var database = await ReadDatabaseFilesAsync();
        var logs = await ReadLogsAsync();
        foreach (var secret in erased.Secrets)
        {
            Assert.DoesNotContain(secret, database, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, logs, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(erased.CustomerId, database, StringComparison.Ordinal);
        Assert.Contains("/api/borrowers/***/erasure", logs, StringComparison.Ordinal);
        Assert.DoesNotContain(erased.CustomerId, logs, StringComparison.Ordinal);

        // The other borrower's journey is intact and still runs.
        var otherInput = (await client.GetInstanceInputAsync(others))!;
        Assert.Equal(other.Pan, otherInput["customer"]!["pan"]!.GetValue<string>());
        Assert.Equal(other.Document, otherInput["customer"]!["statements"]![0]!["content"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Accepted, (await _operator.PostAsync($"/api/instances/{others}/signals/decision", Api.Json(new { approved = true }))).StatusCode);
        await _operator.WaitForStatusAsync(others, "Completed");
        Assert.Equal(other.CustomerId, (await _admin.GetInstanceAsync(others))["correlationId"]!.GetValue<string>());
    }

    // Walk 43: a DPO wrote the request as it came ("DPDP request 43 from CUST-W43-A (mobile …)"). The mobile was masked, but
    // the customer id being erased went, as written, into the seven audit entries of the erasure (each cancel, each journey,
    // the request), the audit export and the log lines 2013 — the places that keep the borrower only as a hash.
    [Fact]
    public async Task AnErasureReasonQuotingTheCustomerId_LeavesItInNoAuditEntryExportOrLogLine()
    {
        var borrower = Borrower.Make("2468");
        var waiting = await _operator.StartAsync("test-review", borrower.Input);
        await _operator.WaitForStatusAsync(waiting, "Waiting");

        var reason = $"DPDP request 43 from {borrower.CustomerId} ({borrower.Mobile}); again: {borrower.CustomerId.ToLowerInvariant()}";
        var response = await _admin.PostAsync($"/api/borrowers/{borrower.CustomerId}/erasure", Api.Json(new { reason, cancelFirst = true }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var audit = await (await _admin.GetAsync("/api/audit")).ReadObjectAsync();
        var entries = audit["items"]!.AsArray().Where(e => e!["action"]!.GetValue<string>() is "erasure" or "cancel").ToList();
        Assert.Equal(3, entries.Count); // the cancel, the journey's erasure, the request's
        Assert.All(entries, e => Assert.Equal("DPDP request 43 from *** (XXXXXX4321); again: ***", e!["reason"]!.GetValue<string>()));
        var export = await (await _admin.GetAsync("/api/audit/export")).Content.ReadAsStringAsync();
        Assert.Contains("DPDP request 43 from ***", export, StringComparison.Ordinal);
        foreach (var text in new[] { audit.ToJsonString(), export, await ReadDatabaseFilesAsync(), await ReadLogsAsync() })
        {
            Assert.DoesNotContain(borrower.CustomerId, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    // Walk 45: a DPO wrote "DPDP request from Zorawar Pindiwala, PAN …, mobile …". The PAN and mobile were masked by pattern,
    // but the name (and a date of birth or an address line, had they been quoted) went as written into the erasure's audit
    // entries and export, which outlive the erasure: no pattern tells a name from other words. The erasure now masks the
    // values the borrower's own journeys hold in personal fields (a name also word by word), as it masks the customer id.
    [Fact]
    public async Task AnErasureReasonQuotingTheBorrowersNameBirthDateOrAddress_LeavesThemInNoAuditEntryOrExport()
    {
        var borrower = Borrower.Make("1357");
        var input = new
        {
            customerId = borrower.CustomerId,
            customer = new { pan = borrower.Pan, mobile = borrower.Mobile, email = borrower.Email, name = "Zorawar Pindiwala", dob = "1987-11-23", address = new { line1 = "77 Lotus Lane" }, bankName = "HDFC" },
        };
        var waiting = await _operator.StartAsync("test-review", input);
        await _operator.WaitForStatusAsync(waiting, "Waiting");
        var other = Borrower.Make("8642");
        var kept = await _operator.StartAsync("test-review", new { customerId = other.CustomerId, customer = new { name = "Anita Rao" } });
        await _operator.WaitForStatusAsync(kept, "Waiting");

        var reason = "DPDP request from zorawar pindiwala (born 1987-11-23, 77 Lotus Lane) via HDFC; Mr Pindiwala's PAN " + borrower.Pan + "; cc Anita Rao";
        var response = await _admin.PostAsync($"/api/borrowers/{borrower.CustomerId}/erasure", Api.Json(new { reason, cancelFirst = true }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var audit = await (await _admin.GetAsync("/api/audit")).ReadObjectAsync();
        var entries = audit["items"]!.AsArray().Where(e => e!["action"]!.GetValue<string>() is "erasure" or "cancel").ToList();
        Assert.Equal(3, entries.Count); // the cancel, the journey's erasure, the request's
        // Only this borrower's values: the bank (not personal) and another borrower's name stay as written.
        Assert.All(entries, e => Assert.Equal("DPDP request from *** (born ***, ***) via HDFC; Mr ***'s PAN XXXXX1357F; cc Anita Rao", e!["reason"]!.GetValue<string>()));
        var export = await (await _admin.GetAsync("/api/audit/export")).Content.ReadAsStringAsync();
        foreach (var text in new[] { audit.ToJsonString(), export, await ReadDatabaseFilesAsync(), await ReadLogsAsync() })
        {
            foreach (var value in new[] { "Pindiwala", "Zorawar", "1987-11-23", "Lotus Lane" })
            {
                Assert.DoesNotContain(value, text, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    // Session 47: reasons are masked by pattern only (PAN, mobile, Aadhaar, email) when received, so an operator's "Meera
    // Iyer asked to stop" kept the borrower's name in the trail after the erasure, tying the erased journeys to her for as
    // long as the trail is kept. The erasure now masks the borrower's own values (from the journeys' inputs, before they are
    // redacted) in the reasons of every entry about the erased journeys; entries about other journeys keep theirs.
    [Fact]
    public async Task AnErasure_MasksTheBorrowersNameInEarlierReasonsAboutTheErasedJourneys_OnlyThere()
    {
        var borrower = Borrower.Make("2468") with { Name = "Meera Kaveri Iyer" };
        var cancelled = await _operator.StartAsync("test-review", borrower.Input);
        var waiting = await _operator.StartAsync("test-review", borrower.Input);
        var other = Borrower.Make("1359") with { Name = "Anita Rao" };
        var kept = await _operator.StartAsync("test-review", other.Input);
        foreach (var id in new[] { cancelled, waiting, kept })
        {
            await _operator.WaitForStatusAsync(id, "Waiting");
        }

        Assert.Equal(HttpStatusCode.Accepted, (await _operator.PostAsync($"/api/instances/{cancelled}/cancel", Api.Json(new { reason = "Mrs Iyer (Meera Kaveri Iyer, " + borrower.CustomerId + ") asked to stop; ticket OPS-7" }))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await _operator.PostAsync($"/api/instances/{kept}/cancel", Api.Json(new { reason = "Anita Rao asked to stop, unlike Meera Kaveri Iyer" }))).StatusCode);
        await _operator.WaitForStatusAsync(cancelled, "Cancelled");

        var response = await _admin.PostAsync($"/api/borrowers/{borrower.CustomerId}/erasure", Api.Json(new { reason = "DPDP request REF-47", cancelFirst = true }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var audit = (await (await _admin.GetAsync("/api/audit?action=cancel")).ReadObjectAsync())["items"]!.AsArray();
        string ReasonOf(string id) => audit.Single(e => e!["instanceId"]?.GetValue<string>() == id && e["data"]?["erasure"] is null)!["reason"]!.GetValue<string>();
        Assert.Equal("Mrs *** (***, ***) asked to stop; ticket OPS-7", ReasonOf(cancelled));
        Assert.Equal("Anita Rao asked to stop, unlike Meera Kaveri Iyer", ReasonOf(kept)); // another journey's entry keeps what it said
        var export = await (await _admin.GetAsync("/api/audit/export?instanceId=" + cancelled)).Content.ReadAsStringAsync();
        foreach (var value in new[] { "Meera", "Kaveri", "Iyer", borrower.CustomerId })
        {
            Assert.DoesNotContain(value, export, StringComparison.OrdinalIgnoreCase);
        }
    }

    // Walkthrough (session 39): after an erasure that answered freedSpacePurged, the database file still held the customer id
    // 26 times in free space of live pages — what the journeys' own commits had freed while they ran: old versions of the
    // instance rows (left in pages that split and were rebuilt), a webhook wait's bookmark (its key names the customer), a
    // journal body. secure_delete was turned on by the first redaction, so only what was freed from then on was zeroed.
    [Fact]
    public async Task ErasureLeavesNoCopyOfTheCustomerIdInSpaceTheJourneysEarlierCommitsFreed()
    {
        var erased = Borrower.Make("7731") with { Document = Convert.ToBase64String(Encoding.UTF8.GetBytes(new string('k', 2500))) };
        var other = Borrower.Make("7732") with { Document = erased.Document };
        var started = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => _operator.StartAsync("test-review", (i % 2 == 0 ? erased : other).Input)));
        foreach (var id in started)
        {
            await _operator.WaitForStatusAsync(id, "Waiting");
        }

        await Task.WhenAll(started.Select(async (id, i) =>
        {
            Assert.Equal(HttpStatusCode.Accepted, (await _operator.PostAsync($"/api/instances/{id}/signals/decision", Api.Json(new { approved = i % 4 == 0, note = new string('n', 40 * i) }))).StatusCode);
            await _operator.WaitForStatusAsync(id, "Completed");
        }));

        var result = await (await _admin.PostAsync($"/api/borrowers/{erased.CustomerId}/erasure", Api.Json(new { reason = "DPDP request 45" }))).ReadObjectAsync();
        Assert.Equal(8, result["redacted"]!.AsArray().Count);
        Assert.True(result["freedSpacePurged"]!.GetValue<bool>());

        Assert.DoesNotContain(erased.CustomerId, await ReadDatabaseFilesAsync(), StringComparison.Ordinal);
    }

    private async Task<string> ReadDatabaseFilesAsync()
    {
        var text = new StringBuilder();
        foreach (var file in Directory.GetFiles(_factory.DataDirectory, "server.db*").Where(f => !f.EndsWith(".lock", StringComparison.Ordinal)))
        {
            text.Append(await ReadSharedAsync(file));
        }

        return text.ToString();
    }

    private Task<string> ReadLogsAsync() => LogFiles.ReadAsync(_logs);

    private static async Task<string> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return Encoding.UTF8.GetString(copy.ToArray());
    }
}
