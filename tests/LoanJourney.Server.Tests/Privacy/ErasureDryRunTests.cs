using System.Net;
using LoanJourney.Engine.Runtime;
using LoanJourney.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LoanJourney.Server.Tests.Privacy;

/// <summary>
/// <c>POST /api/borrowers/{customerId}/erasure/dry-run</c>: what an erasure would do, for the Studio's erasure screen, changing
/// nothing; the journeys found again by the hash once erased.
/// </summary>
public sealed class ErasureDryRunTests : IDisposable
{
    private readonly ServerFactory _factory = new(TestPrincipals.Settings());
    private readonly HttpClient _admin;
    private readonly HttpClient _operator;

    public ErasureDryRunTests()
    {
        _admin = _factory.CreateClient(TestPrincipals.KeyOf("Admin"));
        _operator = _factory.CreateClient(TestPrincipals.KeyOf("Operator"));
    }

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task TheDryRunListsWhatAnErasureWouldDo_ChangesNothing_AndFindsTheJourneysByTheirHashOnceErased()
    {
        var customerId = "CUST-DRY-" + Guid.NewGuid().ToString("N")[..8];
        var input = new { customerId, customer = new { pan = "ABCDE7731F", mobile = "9812377310", email = "dry.run@mail.example" } };
        var done = await _operator.StartAsync("test-review", input);
        await _operator.WaitForStatusAsync(done, "Waiting");
        Assert.Equal(HttpStatusCode.Accepted, (await _operator.PostAsync($"/api/instances/{done}/signals/decision", Api.Json(new { approved = true }))).StatusCode);
        await _operator.WaitForStatusAsync(done, "Completed");
        var waiting = await _operator.StartAsync("test-review", input);
        await _operator.WaitForStatusAsync(waiting, "Waiting");
        var other = await _operator.StartAsync("test-review", new { customerId = customerId + "-2" });
        await _operator.WaitForStatusAsync(other, "Waiting");

        await (await _operator.PostAsync($"/api/borrowers/{customerId}/erasure/dry-run", null)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await _admin.PostAsync($"/api/borrowers/%20/erasure/dry-run", null)).AssertProblemAsync(HttpStatusCode.BadRequest, "customerId");

        var plan = await (await _admin.PostAsync($"/api/borrowers/{customerId}/erasure/dry-run", null)).ReadObjectAsync();
        var customerHash = plan["customerHash"]!.GetValue<string>();
        Assert.StartsWith("sha256:", customerHash, StringComparison.Ordinal);
        var journeys = plan["journeys"]!.AsArray();
        Assert.Equal([done, waiting], journeys.Select(j => j!["id"]!.GetValue<string>()));
        Assert.Equal(["redact", "cancel-then-redact"], journeys.Select(j => j!["action"]!.GetValue<string>()));
        Assert.Equal(["Completed", "Waiting"], journeys.Select(j => j!["status"]!.GetValue<string>()));
        Assert.Equal([waiting], plan["inFlight"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Empty(plan["refused"]!.AsArray());

        // Nothing changed: the journey waits with its input, and no erasure is audited.
        Assert.Equal("Waiting", (await _admin.GetInstanceAsync(waiting))["status"]!.GetValue<string>());
        var client = _factory.Services.GetRequiredService<IWorkflowClient>();
        Assert.Equal("ABCDE7731F", (await client.GetInstanceInputAsync(done))!["customer"]!["pan"]!.GetValue<string>());
        Assert.Equal(0L, (await (await _admin.GetAsync("/api/audit?action=erasure")).ReadObjectAsync())["total"]!.GetValue<long>());

        var erased = await (await _admin.PostAsync($"/api/borrowers/{customerId}/erasure", Api.Json(new { reason = "DPDP request 7", cancelFirst = true }))).ReadObjectAsync();
        Assert.Equal(customerHash, erased["customerHash"]!.GetValue<string>());

        var after = await (await _admin.PostAsync($"/api/borrowers/{customerId}/erasure/dry-run", null)).ReadObjectAsync();
        Assert.Equal([done, waiting], after["journeys"]!.AsArray().Select(j => j!["id"]!.GetValue<string>()));
        Assert.All(after["journeys"]!.AsArray(), j => Assert.Equal("already-redacted", j!["action"]!.GetValue<string>()));
        Assert.Empty(after["inFlight"]!.AsArray());
    }
}
