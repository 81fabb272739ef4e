using System.Net;
using System.Text.Json.Nodes;
using LoanJourney.Server.Tests.Support;

namespace LoanJourney.Server.Tests.Logging;

/// <summary>
/// The lender clients' Debug body lines (events 1003/1004) in the server's real JSON log file, with journeys run against the
/// embedded sandbox over real HTTP: neither they nor any other line names the borrower's ids at the lender or personal data,
/// before an erasure or after it.
/// </summary>
public sealed class LenderBodyLoggingTests : IDisposable
{
    private readonly string _logs = Directory.CreateTempSubdirectory("lj-body-logs-").FullName;
    private readonly LenderServerFactory _server;

    public LenderBodyLoggingTests()
    {
        _server = new LenderServerFactory(settings: new Dictionary<string, string?>
        {
            ["Engine:DefinitionsDirectory"] = Path.Combine(AppContext.BaseDirectory, "Fixtures"),
            ["Serilog:MinimumLevel:Default"] = "Debug",
            ["Serilog:File:Path"] = Path.Combine(_logs, "server-.json"),
            ["Server:MaxStartBodyBytes"] = "65536",
            ["Engine:PollInterval"] = "00:00:00.100",
            ["Sandbox:ProcessingPolls"] = "1",
        });
    }

    public void Dispose()
    {
        _server.Dispose();
        try
        {
            Directory.Delete(_logs, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task AtDebug_LenderBodyLinesShowNoCustomerOrApplicationIdNorPersonalData_AndNoLineDoesAfterAnErasure()
    {
        var api = _server.CreateApiClient();
        var tag = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var digits = Random.Shared.Next(1000, 9999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var customerId = "LOGCUST-" + tag;
        var pan = $"LOGPQ{digits}Z";
        var mobile = $"98{digits}5555";
        var email = $"log.{tag.ToLowerInvariant()}@borrower.example";
        var name = "Tanvi Loglady";
        var partnerRef = "PREF-" + tag;

        // A personal loan (FinBox Prism v2) from the sample, with this borrower's data, to its disbursal.
        var loan = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Workflows", "samples", "finbox-personal-loan.json")))!.AsObject();
        loan["customerId"] = customerId;
        loan["mobile"] = mobile;
        var person = loan["basicDetails"]!["personalDetails"]!;
        person["pan"] = pan;
        person["email"] = email;
        person["name"] = name;
        loan["partner"]!["verifiedCustomerRefId"] = partnerRef;
        var loanId = await api.StartAsync("finbox-personal-loan", loan);
        var disbursed = await api.WaitForStatusAsync(loanId, "Completed", TimeSpan.FromSeconds(90));
        Assert.Equal("Disbursed", disbursed["outcome"]!.GetValue<string>());

        // A pay-later block (Capital Float), its OTP read from the sandbox's inbox and sent as the borrower's signal.
        var appId = $"CFAPP-LOG{tag}-1234";
        var orderId = "ORD-LOG-" + tag;
        var payLater = await api.StartAsync("capitalfloat-paylater", new { appId, amount = 25000, orderId, partner = new { verifiedCustomerRefId = partnerRef } });
        await api.WaitForStatusAsync(payLater, "Waiting", TimeSpan.FromSeconds(60));
        var inbox = await (await _server.CreateClient().GetAsync($"/sandbox/capitalfloat/otp?app_id={appId}&order_id={orderId}")).ReadObjectAsync();
        var otp = inbox["otp"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync($"/api/instances/{payLater}/signals/otp", Api.Json(new { otp }))).StatusCode);
        Assert.Equal("Disbursed", (await api.WaitForStatusAsync(payLater, "Completed", TimeSpan.FromSeconds(60)))["outcome"]!.GetValue<string>());

        // The ids the lenders gave back (the journal keeps them, for the operator): FinBox's loan application, the UTR, the LAN.
        var lenderIds = new List<string>();
        foreach (var id in new[] { loanId, payLater })
        {
            var journal = await (await api.GetAsync($"/api/instances/{id}/journal?take=500")).ReadObjectAsync();
            foreach (var entry in journal["items"]!.AsArray().Where(e => e!["kind"]!.GetValue<string>() == "LenderCall"))
            {
                CollectIds(entry!["data"]!["response"], lenderIds);
            }
        }

        Assert.Contains(lenderIds, v => v.Length > 0);
        var logs = await ReadLogsAsync();
        var bodyLines = logs.Split('\n').Where(l => l.Contains("\"EventId\":{\"Id\":1003", StringComparison.Ordinal) || l.Contains("\"EventId\":{\"Id\":1004", StringComparison.Ordinal)).ToList();

        string[] identifying = [customerId, pan, mobile, email, name, partnerRef, appId, orderId, .. lenderIds.Distinct()];
        foreach (var value in identifying)
        {
            Assert.False(logs.Contains(value, StringComparison.Ordinal), $"The log names '{value}': {Lines(logs, value)}");
        }

        Assert.DoesNotMatch($"(?<![0-9.]){otp}(?![0-9])", logs);

        // The body lines were written (Debug), in the journal's masked form with the ids at the lender masked too.
        Assert.Contains(bodyLines, l => l.Contains("customerID\\\":\\\"***", StringComparison.Ordinal));
        Assert.Contains(bodyLines, l => l.Contains("app_id\\\":\\\"***", StringComparison.Ordinal));
        Assert.Contains(bodyLines, l => l.Contains("XXXXX" + digits + "Z", StringComparison.Ordinal)); // the PAN, masked as in the journal

        // An erasure, then the journeys read again and a late FinBox event about the erased borrower: nothing logged from then on
        // names the borrower either (the webhook's line names the customer by the hash the audit trail keeps).
        var erased = await (await api.PostAsync($"/api/borrowers/{customerId}/erasure", Api.Json(new { reason = "DPDP request" }))).ReadObjectAsync();
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/instances/{loanId}/journal")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/instances?correlationId={customerId}")).StatusCode);
        var late = $$"""{"customerID":"{{customerId}}","eventType":"loan_disbursed","eventDescription":"disbursed","loggedAt":"2026-01-01 10:00:00"}""";
        Assert.Equal(HttpStatusCode.Accepted, (await _server.CreateClient().PostAsync("/webhooks/finbox", Api.Json(late))).StatusCode);
        var after = (await ReadLogsAsync())[logs.Length..];
        Assert.Contains("/erasure", after, StringComparison.Ordinal);
        foreach (var value in identifying)
        {
            Assert.False(after.Contains(value, StringComparison.Ordinal), $"A line after the erasure names '{value}': {Lines(after, value)}");
        }

        Assert.Contains($"finbox:{erased["customerHash"]!.GetValue<string>()}:loan_disbursed", after, StringComparison.Ordinal);
    }

    // Values of the fields by which a lender knows the borrower or the loan, anywhere in a journal body.
    private static void CollectIds(JsonNode? node, List<string> into)
    {
        string[] fields = ["loanApplicationID", "loanAccountNumber", "utrNumber", "lan", "tranche_id", "sanctionId"];
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (fields.Contains(key, StringComparer.Ordinal) && value is JsonValue v && v.TryGetValue<string>(out var text) && text.Length >= 6)
                    {
                        into.Add(text);
                    }
                    else
                    {
                        CollectIds(value, into);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    CollectIds(item, into);
                }

                break;
        }
    }

    private static string Lines(string logs, string value) =>
        string.Join('\n', logs.Split('\n').Where(l => l.Contains(value, StringComparison.Ordinal)).Take(3));

    private Task<string> ReadLogsAsync() => LogFiles.ReadAsync(_logs);
}
