using System.Net.Http.Json;
using System.Text.Json;

namespace LoanJourney.Sandbox.Tests.FinBoxV2;

/// <summary>Every FinBox v2 row of the scenario table, by the mobile number's last four digits.</summary>
public sealed class ScenarioTableTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task Scenario0000BreIsRejected()
    {
        var bre = await V2Steps.BreAsync(_client, await V2Steps.CreateWithDetailsAsync(_client, "0000"));
        Assert.Equal(("REJECTED", "PRE_BRE_REJECT", "GEO-S-002"), (bre.Str("data.status"), bre.Str("data.rejectionReason"), bre.Str("statusCode")));
    }

    [Fact]
    public async Task Scenario0013BreIsRejectedByTheLender()
    {
        var bre = await V2Steps.BreAsync(_client, await V2Steps.CreateWithDetailsAsync(_client, "0013"));
        Assert.Equal(("REJECTED", "LENDER_BRE_REJECT"), (bre.Str("data.status"), bre.Str("data.rejectionReason")));
    }

    [Fact]
    public async Task Scenario0001BreFailsOnceThenSucceedsOnRetrigger()
    {
        var customer = await V2Steps.CreateWithDetailsAsync(_client, "0001");
        var first = await V2Steps.BreAsync(_client, customer);
        Assert.Equal(("FAILED", "GEO-S-003"), (first.Str("data.status"), first.Str("statusCode")));
        Assert.Equal("SUCCESS", (await V2Steps.BreAsync(_client, customer)).Str("data.status"));
    }

    [Fact]
    public async Task Scenario0002KycAsksForACustomerActionThenApproves()
    {
        var customer = await V2Steps.CreateWithDetailsAsync(_client, "0002");
        await V2Steps.AcceptFirstSlabAsync(_client, customer);
        var reference = await V2Steps.TriggerAsync(_client, "/v2/kyc/ckyc", V2Steps.Program(customer), "TCK-S-000");
        var answers = await V2Steps.PollAsync(_client, "/v2/kyc/details", reference);

        Assert.Equal(["PROCESSING", "PROCESSING", "ACTION_PENDING", "ACTION_PENDING", "APPROVED"], answers.Select(a => a.Str("data.status")));
        Assert.Equal("SUBMIT_CKYC_OTP", answers[2].Str("data.action"));
        Assert.Equal("GKD-S-001", answers[2].Str("statusCode"));
    }

    [Fact]
    public async Task Scenario0002KycHeldStaysActionPendingUntilReleased()
    {
        var customer = await V2Steps.CreateWithDetailsAsync(_client, "0002");
        await V2Steps.AcceptFirstSlabAsync(_client, customer);
        (await _client.PutAsJsonAsync($"/sandbox/finbox/users/{customer}/kyc-hold", new { hold = true })).EnsureSuccessStatusCode().Dispose();
        var reference = await V2Steps.TriggerAsync(_client, "/v2/kyc/ckyc", V2Steps.Program(customer), "TCK-S-000");

        var held = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            held.Add((await _client.FinBoxGet($"/v2/kyc/details?referenceID={reference}").Json()).Str("data.status"));
        }

        Assert.Equal(["PROCESSING", "PROCESSING", .. Enumerable.Repeat("ACTION_PENDING", 6)], held);
        Assert.True((await _client.GetFromJsonAsync<JsonElement>($"/sandbox/finbox/users/{customer}/kyc-hold")).GetProperty("hold").GetBoolean());
        (await _client.PutAsJsonAsync($"/sandbox/finbox/users/{customer}/kyc-hold", new { hold = false })).EnsureSuccessStatusCode().Dispose();
        var answers = await V2Steps.PollAsync(_client, "/v2/kyc/details", reference);

        Assert.Equal(["ACTION_PENDING", "ACTION_PENDING", "APPROVED"], answers.Select(a => a.Str("data.status")));
    }

    [Fact]
    public async Task Scenario0003BankingFailsOnTheFirstStatementAndSucceedsOnReupload()
    {
        var customer = await V2Steps.CreateWithDetailsAsync(_client, "0003");
        var first = await V2Steps.BankingAsync(_client, customer);
        Assert.Equal(("FAILED", "PDF_IS_IMAGE", "Scanned images are not supported"), (first.Str("data.status"), first.Str("data.bankingDetails.errorCode"), first.Str("data.bankingDetails.errorMessage")));
        Assert.Equal("SUCCESS", (await V2Steps.BankingAsync(_client, customer)).Str("data.status"));
    }

    [Fact]
    public async Task Scenario0004KycIsRejected()
    {
        var customer = await V2Steps.CreateWithDetailsAsync(_client, "0004");
        await V2Steps.AcceptFirstSlabAsync(_client, customer);
        var kyc = await V2Steps.KycAsync(_client, customer);
        Assert.Equal(("REJECTED", "NAME_MISMATCH"), (kyc.Str("data.status"), kyc.Str("data.message")));
        Assert.Equal("FBX-E-010", (await _client.FinBoxPost("/v2/loan/agreement", V2Steps.Program(customer)).Json()).Str("statusCode"));
    }

    [Fact]
    public async Task Scenario0005AgreementIsRejected()
    {
        var customer = await V2Steps.CreateWithDetailsAsync(_client, "0005");
        await V2Steps.AcceptFirstSlabAsync(_client, customer);
        await V2Steps.KycAsync(_client, customer);
        Assert.Equal("REJECTED", (await V2Steps.AgreementAsync(_client, customer)).Str("data.status"));
        Assert.Equal("FBX-E-010", (await _client.FinBoxPost("/v2/loan/disburse", V2Steps.Program(customer)).Json()).Str("statusCode"));
    }

    [Fact]
    public async Task Scenario0007KycFailsOnceThenApproves()
    {
        var customer = await V2Steps.CreateWithDetailsAsync(_client, "0007");
        await V2Steps.AcceptFirstSlabAsync(_client, customer);
        var first = await V2Steps.KycAsync(_client, customer);
        Assert.Equal(("FAILED", "GKD-E-000", "CKYC_FAILED"), (first.Str("data.status"), first.Str("statusCode"), first.Str("error")));
        Assert.Equal("APPROVED", (await V2Steps.KycAsync(_client, customer)).Str("data.status"));
    }

    [Fact]
    public async Task Scenario0008AgreementFailsOnceThenSucceeds()
    {
        var customer = await V2Steps.CreateWithDetailsAsync(_client, "0008");
        await V2Steps.AcceptFirstSlabAsync(_client, customer);
        await V2Steps.KycAsync(_client, customer);
        Assert.Equal("FAILED", (await V2Steps.AgreementAsync(_client, customer)).Str("data.status"));
        Assert.Equal("SUCCESS", (await V2Steps.AgreementAsync(_client, customer)).Str("data.status"));
    }
}
