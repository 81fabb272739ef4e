using System.Net;
using System.Text.Json.Nodes;
using LoanJourney.Server.Tests.Support;

namespace LoanJourney.Server.Tests.Signals;

/// <summary>
/// docs/api.md ("A signal's answer"): every accepted signal's 202 carries <c>signal</c>, so a client reads one shape. A durable
/// signal (the credit-line order's <c>shipment</c>) is stored and taken by the dispatcher after the call returns: its answer is
/// <c>Queued</c>, with none of the step's fields (the step has not run yet). Session 49: a shipment's 202 had no <c>signal</c> at
/// all, while an OTP's had one, so a partner's client had to know which signals are sensitive to read either answer. Real HTTP,
/// the embedded sandbox, the shipped credit-line order.
/// </summary>
public sealed class DurableSignalAnswerTests : IDisposable
{
    private const string CreditLineOrder = "finbox-credit-line-order";

    private readonly LenderServerFactory _server = new(settings: new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["Engine:DefinitionsDirectory"] = Path.Combine(AppContext.BaseDirectory, "ReleaseWorkflows"),
        ["Engine:PollInterval"] = "00:00:00.100",
    });

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task AShipmentSignal_IsAnsweredQueued_InTheSameSignalMemberAsAnOtp_AndTheJourneyThenTakesIt()
    {
        using var api = _server.CreateApiClient();
        var customer = "CL-" + Guid.NewGuid().ToString("N")[..8];
        var order = "ORDER-" + Guid.NewGuid().ToString("N")[..8];
        // A credit-line borrower (mobile ending 0030) and an order paid with the credit line, as the README's example does.
        (await api.PostAsync("/sandbox/v1/user/create", Api.Json(new { customerID = customer, mobile = "9876500030" }))).EnsureSuccessStatusCode();
        var id = await api.StartAsync(CreditLineOrder, new { customerId = customer, partnerTxnID = order });
        (await api.PostAsync($"/sandbox/finbox/users/{customer}/creditline/transactions", Api.Json(new { amount = 1200, partnerTxnID = order }))).EnsureSuccessStatusCode();
        await WaitForShipmentWaitAsync(api, id);

        var response = await api.PostAsync($"/api/instances/{id}/signals/shipment", Api.Json(new
        {
            awbNo = "AWB1", invoiceNo = "INV1", podExtension = "jpg", podBase64 = "/9j/4AAQ", invoiceExtension = "pdf", invoiceBase64 = "JVBERi0xLjM=",
        }));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var answer = await response.ReadObjectAsync();
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            { "name": "shipment", "result": "Queued", "stepOutcome": null, "reason": null, "message": null, "attemptsLeft": null }
            """), answer["signal"]), $"signal: {answer["signal"]?.ToJsonString()}");
        var audit = (await (await api.GetAsync($"/api/audit?instanceId={id}&action=signal")).ReadObjectAsync())["items"]!.AsArray();
        Assert.Equal("Queued", Assert.Single(audit)!["data"]!["result"]!.GetValue<string>());

        // Queued means "stored, taken after this answer": the journey does take it.
        var done = await api.WaitForStatusAsync(id, "Completed");
        Assert.Equal("Confirmed", done["outcome"]!.GetValue<string>());
    }

    private static async Task WaitForShipmentWaitAsync(HttpClient api, string id)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var instance = await api.GetInstanceAsync(id);
            if (instance["waitingFor"] is JsonArray waits && waits.Any(w => w?["kind"]?.GetValue<string>() == "signal" && w["key"]?.GetValue<string>() == "shipment"))
            {
                return;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"Journey {id} never waited for its shipment: {instance.ToJsonString()}");
            await Task.Delay(25);
        }
    }
}
