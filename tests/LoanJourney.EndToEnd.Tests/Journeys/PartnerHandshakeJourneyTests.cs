using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using LoanJourney.EndToEnd.Tests.Support;
using static LoanJourney.EndToEnd.Tests.Support.JourneyApi;

namespace LoanJourney.EndToEnd.Tests.Journeys;

/// <summary>The async handshake result is POSTed by the sandbox process to the server's callback (<c>Journeys:PublicBaseUrl</c>).</summary>
[Collection(SharedDeploymentGroup.Name)]
public sealed class PartnerHandshakeJourneyTests(SharedDeployment shared)
{
    private readonly JourneyApi _api = shared.Deployment.Journeys;

    [Theory]
    [InlineData("1234")]
    [InlineData("0010")]
    public async Task PartnerHandshakeVerifiedSyncOrAsyncStartsTheLoanWhichDisbursesAndSharesApproval(string scenario)
    {
        var (input, customerRef, loanCustomerId) = Samples.HandshakeJourney(scenario);
        var id = await _api.StartAsync(Samples.Handshake, input);

        var done = await _api.WaitEndedAsync(id);

        Assert.Equal(("Completed", "Disbursed"), (Status(done), Outcome(done)));
        Assert.Equal([true], await _api.TokenSharesAsync(customerRef));
        Assert.Equal(1, (await _api.CountersAsync(loanCustomerId))["disbursal"]);
        var journal = await _api.JournalAsync(id);
        Assert.Equal(scenario == "0010" ? 1 : 0, journal.Count(e => e!["kind"]!.GetValue<string>() == "WebhookReceived"));
    }

    // The handshake carries the borrower's customer id in its loan journey's input (loanInput.customerId): it is the handshake's
    // correlation id, and the loan journey's, so the borrower's erasure reaches both. Before session 36 both had none, and the
    // erasure answered 200 with nothing redacted while the handshake kept the customer's contact and the loan its PAN.
    [Fact]
    public async Task TheBorrowersErasure_RedactsTheHandshakeAndItsLoanJourney()
    {
        var (input, _, loanCustomerId) = Samples.HandshakeJourney("1234");
        var id = await _api.StartAsync(Samples.Handshake, input);
        var done = await _api.WaitEndedAsync(id);
        Assert.Equal(loanCustomerId, done["correlationId"]?.GetValue<string>());

        using var erased = await _api.PostAsync($"api/borrowers/{loanCustomerId}/erasure", new JsonObject { ["reason"] = "DPDP request (e2e)" });
        var answer = await erased.Content.ReadAsStringAsync();
        Assert.True(erased.IsSuccessStatusCode, answer);
        var redacted = JsonNode.Parse(answer)!["redacted"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        Assert.Contains(id, redacted);
        Assert.Equal(2, redacted.Count); // the handshake and the personal loan it ran
        var child = await _api.GetAsync(redacted.Single(r => r != id));
        Assert.Equal("finbox-personal-loan", child["workflowId"]!.GetValue<string>());
    }

    // Session 31: the partner's async answer carries the borrower (customer_data: name, email, phone, addresses). Here it
    // arrives before the handshake step waits: the first handshake's answer is lost after the partner took it (the partner
    // posts its callback anyway), so the callback finds no wait and is buffered; the step's retry asks again and, as it
    // suspends, consumes the buffered answer. The server's database and WAL hold none of the borrower's data in the
    // clear afterwards. Before, the inbox kept the answer as sent (until Retention:Inbox or an erasure).
    [Fact]
    public async Task AnAsyncHandshakeAnswerBufferedBeforeTheWait_IsConsumed_AndTheBorrowerIsNotInTheDatabaseFilesInTheClear()
    {
        var (input, _, _) = Samples.HandshakeJourney("0010");
        var tag = Guid.NewGuid().ToString("N")[..10];
        var customer = input["customer"]!.AsObject();
        customer["email"] = $"hs.{tag}@mail.example";
        customer["customer_name"] = $"Handshake Borrower {tag}";
        var phone = customer["phone"]!.GetValue<string>();
        var answered = await DeliveredHandshakeAnswersAsync(); // the callback URL names no handshake when no callback key is set
        await SetFaultsAsync(new JsonObject { ["loseAnswerAfterCommit"] = new JsonArray("handshake/token") });
        string id;
        try
        {
            id = await _api.StartAsync(Samples.Handshake, input);

            // The partner's answer is delivered (202) while every handshake call still loses its answer: no attempt has
            // suspended on the webhook, so the callback was buffered.
            await Poll.UntilAsync(DeliveredHandshakeAnswersAsync, n => n > answered, JourneyApi.Deadline, n => $"{n} handshake answers delivered, {answered} before");
        }
        finally
        {
            await SetFaultsAsync(new JsonObject());
        }

        var done = await _api.WaitEndedAsync(id);

        Assert.Equal(("Completed", "Disbursed"), (Status(done), Outcome(done)));
        var received = Assert.Single(await _api.JournalAsync(id), e => e!["kind"]!.GetValue<string>() == "WebhookReceived");
        Assert.True(received!["data"]!["buffered"]?.GetValue<bool>(), received.ToJsonString());
        foreach (var file in Directory.GetFiles(shared.Deployment.DataDirectory, "loanjourney.db*").Where(f => !f.EndsWith(".lock", StringComparison.Ordinal)))
        {
            var bytes = await ReadSharedAsync(file);
            foreach (var needle in new[] { customer["email"]!.GetValue<string>(), customer["customer_name"]!.GetValue<string>(), phone })
            {
                Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) < 0, $"{Path.GetFileName(file)} holds '{needle}' in the clear");
            }
        }
    }

    private async Task<int> DeliveredHandshakeAnswersAsync() =>
        JsonNode.Parse(await shared.Deployment.Sandbox.GetStringAsync("sandbox/outbound"))!.AsArray()
            .Count(d => d!["kind"]!.GetValue<string>() == "handshake-result" && d["delivered"]!.GetValue<bool>());

    private async Task SetFaultsAsync(JsonObject faults)
    {
        using var response = await shared.Deployment.Sandbox.PutAsJsonAsync("sandbox/faults", faults);
        response.EnsureSuccessStatusCode();
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    [Theory]
    [InlineData("0011")]
    [InlineData("0012")]
    public async Task PartnerHandshakeRefusedSyncOrAsyncEndsRejectedWithoutALoan(string scenario)
    {
        var (input, _, loanCustomerId) = Samples.HandshakeJourney(scenario);

        var done = await _api.WaitEndedAsync(await _api.StartAsync(Samples.Handshake, input));

        Assert.Equal("Rejected", Outcome(done));
        Assert.Empty(await _api.CountersAsync(loanCustomerId));
        Assert.Null(done["partner"]?["childInstanceId"]);
    }
}
