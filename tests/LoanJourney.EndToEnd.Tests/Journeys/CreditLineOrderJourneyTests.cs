using System.Net;
using System.Net.Http.Json;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using LoanJourney.EndToEnd.Tests.Support;
using static LoanJourney.EndToEnd.Tests.Support.JourneyApi;

namespace LoanJourney.EndToEnd.Tests.Journeys;

/// <summary>
/// The credit line order journey over HTTP: a credit-line borrower (scenario 0030) buys in the sandbox (its control route
/// plays the FinBox SDK), the partner signals the shipment or the cancellation, and the sandbox's transactions show the end.
/// </summary>
[Collection(SharedDeploymentGroup.Name)]
public sealed class CreditLineOrderJourneyTests(SharedDeployment shared)
{
    private static readonly string Jpg = Convert.ToBase64String([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10]);
    private static readonly string Pdf = Convert.ToBase64String("%PDF-1.3 invoice"u8.ToArray());

    private readonly JourneyApi _api = shared.Deployment.Journeys;
    private readonly SandboxV1 _v1 = new(shared.Deployment);

    [Fact]
    public async Task ShippedOrderIsConfirmedWithItsAwbInvoiceAndProofOfDelivery()
    {
        var (id, customerId, order) = await StartWithPurchaseAsync(1200);

        await SignalAsync(id, "shipment", Shipment("INV-1"));

        Assert.Equal(("Completed", "Confirmed"), (Status(await _api.WaitEndedAsync(id)), Outcome(await _api.GetAsync(id))));
        var txn = Assert.Single(await TransactionsAsync(customerId, order));
        Assert.Equal(("CONFIRMED", "INV-1"), (txn["txnStatus"]!.GetValue<string>(), txn["invoiceNo"]!.GetValue<string>()));
        Assert.Equal(1, (await _api.CountersAsync(customerId))["creditLineConfirm"]);
    }

    [Fact]
    public async Task TheConfirmsJournalEntryShowsTheDocumentsSizes_NotTheirBytes()
    {
        var (id, _, _) = await StartWithPurchaseAsync(900);

        await SignalAsync(id, "shipment", Shipment("INV-M"));

        Assert.Equal("Confirmed", Outcome(await _api.WaitEndedAsync(id)));
        var journal = await _api.JournalAsync(id);
        var confirm = Assert.Single(journal, e => e!["data"]?["operation"]?.GetValue<string>() == "FinBoxSourcing.ConfirmTransaction")!["data"]!["request"]!;
        Assert.Equal(("INV-M", "jpg"), (confirm["invoiceNo"]!.GetValue<string>(), confirm["podExtension"]!.GetValue<string>()));
        Assert.Equal(($"[document omitted: {Jpg.Length} chars]", $"[document omitted: {Pdf.Length} chars]"),
            (confirm["podBase64"]!.GetValue<string>(), confirm["invoiceBase64"]!.GetValue<string>()));

        // Neither the journal nor the instance (its input, variables, what it waits for) quotes the documents.
        var relaxed = new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        var shown = journal.ToJsonString(relaxed) + (await _api.GetAsync(id)).ToJsonString(relaxed);
        Assert.DoesNotContain(Jpg, shown, StringComparison.Ordinal);
        Assert.DoesNotContain(Pdf, shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PartialShipmentSplitsConfirmsThePartAndTheRestLater()
    {
        var (id, customerId, order) = await StartWithPurchaseAsync(1000);
        var first = Shipment("INV-A");
        first["amount"] = 400;

        await SignalAsync(id, "shipment", first);
        await _api.WaitAsync(id, i => WaitsForSignal(i, "shipment") && i["steps"]!.AsArray().Any(s => s!["stepId"]!.GetValue<string>() == "confirmPart"), "waiting for the rest after the first part");
        await SignalAsync(id, "shipment", Shipment("INV-B"));

        Assert.Equal("Confirmed", Outcome(await _api.WaitEndedAsync(id)));
        var txns = await TransactionsAsync(customerId, order);
        Assert.Equal([("INV-A", 400m, "CONFIRMED"), ("INV-B", 600m, "CONFIRMED")],
            txns.Select(t => (t["invoiceNo"]!.GetValue<string>(), t["amount"]!.GetValue<decimal>(), t["txnStatus"]!.GetValue<string>())).Order().ToList());
        var counters = await _api.CountersAsync(customerId);
        Assert.Equal((1, 2), (counters["creditLineSplit"], counters["creditLineConfirm"]));
    }

    [Fact]
    public async Task CancelledOrderCancelsTheTransaction()
    {
        var (id, customerId, order) = await StartWithPurchaseAsync(800);

        await SignalAsync(id, "cancel", new JsonObject { ["reason"] = "customer cancelled" });

        Assert.Equal("Cancelled", Outcome(await _api.WaitEndedAsync(id)));
        Assert.Equal("CANCELLED", Assert.Single(await TransactionsAsync(customerId, order))["txnStatus"]!.GetValue<string>());
        Assert.False((await _api.CountersAsync(customerId)).ContainsKey("creditLineConfirm"));
    }

    [Fact]
    public async Task DocumentsFinBoxRefusesAreAskedForAgain()
    {
        var (id, customerId, order) = await StartWithPurchaseAsync(500);
        var bad = Shipment("INV-X");
        bad["podExtension"] = "gif";

        await SignalAsync(id, "shipment", bad);
        var waiting = await _api.WaitAsync(id, i => WaitsForSignal(i, "shipment") && i["variables"]?["shipmentError"] is JsonValue, "asking for the shipment again");
        Assert.Contains("Invalid podExtension", waiting["variables"]!["shipmentError"]!.GetValue<string>(), StringComparison.Ordinal);
        await SignalAsync(id, "shipment", Shipment("INV-X"));

        Assert.Equal("Confirmed", Outcome(await _api.WaitEndedAsync(id)));
        Assert.Equal("CONFIRMED", Assert.Single(await TransactionsAsync(customerId, order))["txnStatus"]!.GetValue<string>());
    }

    [Fact]
    public async Task InactiveCreditLineEndsWithoutWaiting()
    {
        var (customerId, _) = await _v1.DisbursedLoanAsync("0031", advanceTo: 0);

        var done = await _api.WaitEndedAsync(await _api.StartAsync(Samples.CreditLineOrder, Input(customerId, Samples.NewId("ORD"))));

        Assert.Equal("CreditLineInactive", Outcome(done));
    }

    [Fact]
    public async Task BorrowerWithoutACreditLineEndsNoCreditLine()
    {
        var (customerId, _) = await _v1.DisbursedLoanAsync(advanceTo: 0);

        Assert.Equal("NoCreditLine", Outcome(await _api.WaitEndedAsync(await _api.StartAsync(Samples.CreditLineOrder, Input(customerId, Samples.NewId("ORD"))))));
    }

    [Fact]
    public async Task ConfirmWhoseAnswerWasLostIsReconciledByReadingTheTransactionNotSentAgain()
    {
        var (id, customerId, order) = await StartWithPurchaseAsync(1500);
        await SetFaultsAsync(new JsonObject { ["loseAnswerAfterCommit"] = new JsonArray("v1/creditline/txn/confirm") });
        try
        {
            await SignalAsync(id, "shipment", Shipment("INV-L"));
            Assert.Equal("Confirmed", Outcome(await _api.WaitEndedAsync(id)));
        }
        finally
        {
            await SetFaultsAsync(new JsonObject());
        }

        Assert.Equal("CONFIRMED", Assert.Single(await TransactionsAsync(customerId, order))["txnStatus"]!.GetValue<string>());
        Assert.Equal(1, (await _api.CountersAsync(customerId))["creditLineConfirm"]);
        Assert.Contains(await _api.JournalAsync(id), e => e!["kind"]!.GetValue<string>() == "Reconcile" && e["data"]?["txnStatus"]?.GetValue<string>() == "CONFIRMED");
    }

    private async Task<(string Id, string CustomerId, string Order)> StartWithPurchaseAsync(decimal amount)
    {
        var (customerId, _) = await _v1.DisbursedLoanAsync("0030", advanceTo: 0);
        var order = Samples.NewId("ORD");
        var id = await _api.StartAsync(Samples.CreditLineOrder, Input(customerId, order));
        using (var purchase = await shared.Deployment.Sandbox.PostAsJsonAsync($"sandbox/finbox/users/{customerId}/creditline/transactions", new { amount, partnerTxnID = order }))
        {
            purchase.EnsureSuccessStatusCode();
        }

        await _api.WaitForSignalAsync(id, "shipment");
        return (id, customerId, order);
    }

    private static JsonObject Input(string customerId, string order)
    {
        var input = Samples.Load(Samples.CreditLineOrder);
        input["customerId"] = customerId;
        input["partnerTxnID"] = order;
        input["pollInterval"] = "00:00:00.100";
        return input;
    }

    private static JsonObject Shipment(string invoiceNo) => new()
    {
        ["awbNo"] = "AWB-" + invoiceNo,
        ["invoiceNo"] = invoiceNo,
        ["podExtension"] = "jpg",
        ["podBase64"] = Jpg,
        ["invoiceExtension"] = "pdf",
        ["invoiceBase64"] = Pdf,
    };

    private async Task SignalAsync(string id, string name, JsonObject payload)
    {
        using var sent = await _api.SignalAsync(id, name, payload);
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
    }

    private async Task<List<JsonNode>> TransactionsAsync(string customerId, string order) =>
        (await _v1.GetAsync($"v1/creditline/transactions?customerID={customerId}&partnerTxnID={order}"))["data"]!["transactions"]!.AsArray().Select(t => t!).ToList();

    private async Task SetFaultsAsync(JsonObject faults)
    {
        using var response = await shared.Deployment.Sandbox.PutAsJsonAsync("sandbox/faults", faults);
        response.EnsureSuccessStatusCode();
    }
}
