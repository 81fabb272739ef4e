using System.Net;
using LoanJourney.Engine.Runtime;
using LoanJourney.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LoanJourney.Server.Tests.Privacy;

/// <summary>
/// Session 38: a pay-later journey was erasable only when it had been started with <c>X-Correlation-Id</c>. Erasure finds a
/// borrower's journeys by correlation id, which a start takes from the input's customer id, and the pay-later input had none (its
/// borrower is Capital Float's <c>appId</c>): started as the others are, it had no correlation id and no erasure reached it.
/// From version 4 its input takes the customer id, so the borrower's erasure reaches it as it does every other journey.
/// </summary>
public sealed class PayLaterErasureTests : IDisposable
{
    private readonly LenderServerFactory _server = new(settings: new Dictionary<string, string?>
    {
        ["Engine:DefinitionsDirectory"] = Path.Combine(AppContext.BaseDirectory, "Fixtures"),
        ["Engine:PollInterval"] = "00:00:00.100",
    });

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task APayLaterJourneyStartedWithTheCustomerIdInItsInput_IsErasedByThatCustomerId()
    {
        var api = _server.CreateApiClient();
        var tag = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var customerId = "CUST-PL-" + tag;
        // More than the app's limit: the limit check refuses it without a block, and the journey ends (LimitExceeded).
        var journey = await api.StartAsync("capitalfloat-paylater", new
        {
            customerId, appId = $"CFAPP-PL{tag}-1234", amount = 9_000_000, partner = new { verifiedCustomerRefId = "PREF-" + tag },
        });
        var done = await api.WaitForStatusAsync(journey, "Completed");
        Assert.Equal((customerId, "LimitExceeded"), (done["correlationId"]!.GetValue<string>(), done["outcome"]!.GetValue<string>()));

        var response = await api.PostAsync($"/api/borrowers/{customerId}/erasure", Api.Json(new { reason = "DPDP request 38" }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.ReadObjectAsync();
        Assert.Equal([journey], result["redacted"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(result["customerHash"]!.GetValue<string>(), (await api.GetInstanceAsync(journey))["correlationId"]!.GetValue<string>());
        Assert.Equal("{}", (await _server.Services.GetRequiredService<IWorkflowClient>().GetInstanceInputAsync(journey))!.ToJsonString());
    }
}
