using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LoanJourney.Activities.Tests.TestSupport;

namespace LoanJourney.Activities.Tests.FinBoxSourcing;

/// <summary>
/// The repayment journey against a loan the sandbox disbursed: what Repay Loan sends as the payment date. FinBox takes
/// "YYYY-MM-DD HH:MM:SS" with no zone and gives its other v1 dates in IST, so an instant is sent as IST.
/// </summary>
public sealed class RepaymentJourneyTests(JourneyHost host) : IClassFixture<JourneyHost>
{
    private const string Workflow = "finbox-repayment";

    // 20:00 UTC is 01:30 the next day in IST: the offset was dropped and FinBox was sent that day 20:00 (paid 2030-01-08).
    [Theory]
    [InlineData("2030-01-08T20:00:00Z", "2030-01-09")]
    [InlineData("2030-01-08T23:30:00+03:00", "2030-01-09")]
    [InlineData("2030-01-09T01:30:00+05:30", "2030-01-09")]
    [InlineData("2030-01-08", "2030-01-08")]
    public async Task APaymentInstantWithAnOffset_IsSentAsTheDayInIst(string paymentDate, string paidDate)
    {
        var loanId = await DisbursedLoanAsync();
        var input = Borrowers.Sample(Workflow);
        input["loanApplicationID"] = loanId;
        input["transactionID"] = "UTR-" + Guid.NewGuid().ToString("N")[..12];
        input["paymentDate"] = paymentDate;
        input["pollInterval"] = "00:00:00.050";

        var done = await host.RunAsync(Workflow, input, TimeSpan.FromSeconds(30));

        Assert.Equal("Repaid", done.Outcome);
        var emi = (await FinBoxGetAsync($"v1/loan/repayments?loanApplicationID={loanId}"))["data"]!["emiList"]![0]!;
        Assert.Equal(("PAID", paidDate), (emi["status"]!.GetValue<string>(), emi["paidDate"]!.GetValue<string>()));
    }

    private async Task<string> DisbursedLoanAsync()
    {
        using var response = await host.Http.PostAsJsonAsync("sandbox/finbox/loans", new { customerID = Borrowers.CustomerId(), mobile = Borrowers.Mobile(Borrowers.Happy) });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["loanApplicationID"]!.GetValue<string>();
    }

    private async Task<JsonNode> FinBoxGetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("x-api-key", "test-key");
        using var response = await host.Http.SendAsync(request);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
