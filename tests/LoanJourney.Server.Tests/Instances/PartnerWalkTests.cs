using System.Net;
using System.Reflection;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Runtime;
using LoanJourney.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LoanJourney.Server.Tests.Instances;

/// <summary>
/// What a sourcing partner's engineer got wrong, or raced, in session 43's walk of the partner API (docs/api.md, "Partner
/// walk (session 43)").
/// </summary>
public sealed class PartnerWalkTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    private readonly HttpClient _api = factory.CreateApiClient();

    private static string NewCustomer() => "CUST-" + Guid.NewGuid().ToString("N")[..8];

    private static HttpRequestMessage Start(string key, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/workflows/test-review/instances") { Content = Api.Json(body) };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    // Walk 43: 20 starts at once with one key and different borrowers — 12 were answered 202 with the first borrower's journey.
    // The race is made certain here: the key's look-up before the start never sees the other start (as when it commits between
    // that look-up and this start's insert), so every second start reaches the store, which keeps the first.
    [Fact]
    public async Task AStartThatLosesTheRaceOfItsIdempotencyKey_IsJudgedAsAReplay_409ForAnotherInputOrWorkflow_200ForTheSame()
    {
        using var raced = new ServerFactory { ConfigureServices = HideIdempotencyKeyLookups };
        using var api = raced.CreateApiClient();
        var key = "race-" + NewCustomer();
        var body = new { customerId = NewCustomer() };

        using var first = Start(key, body);
        var created = await api.SendAsync(first);
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var id = (await created.ReadObjectAsync())["id"]!.GetValue<string>();

        using var same = Start(key, body);
        var replay = await api.SendAsync(same);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(id, (await replay.ReadObjectAsync())["id"]!.GetValue<string>());

        var other = NewCustomer();
        using var otherBorrower = Start(key, new { customerId = other });
        var refused = await (await api.SendAsync(otherBorrower)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("idempotency_key_reused", refused["code"]!.GetValue<string>());
        Assert.DoesNotContain(body.customerId, refused.ToJsonString(), StringComparison.Ordinal);

        using var otherWorkflow = new HttpRequestMessage(HttpMethod.Post, "/api/workflows/test-webhook/instances") { Content = Api.Json(new { customerId = other }) };
        otherWorkflow.Headers.Add("Idempotency-Key", key);
        var refusedWorkflow = await (await api.SendAsync(otherWorkflow)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("idempotency_key_reused", refusedWorkflow["code"]!.GetValue<string>());

        // One start, one audit entry: the losers had each recorded a start of the winner's journey.
        var audit = await (await api.GetAsync($"/api/audit?instanceId={id}")).ReadObjectAsync();
        Assert.Single(audit["items"]!.AsArray(), e => e!["action"]!.GetValue<string>() == "start");
    }

    // Walk 43: a start with ?verison=2 (version misspelt) started the latest version; the journal ignored ?takee=5.
    [Fact]
    public async Task AStartOrAJournalPageWithAnUnknownQueryParameter_Is400NamingIt_AndNothingStarts()
    {
        var api = _api;
        var customer = NewCustomer();

        var problem = await (await api.PostAsync("/api/workflows/test-review/instances?verison=1", Api.Json(new { customerId = customer })))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("version", problem["errors"]!["verison"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, (await (await api.GetAsync($"/api/instances?correlationId={customer}")).ReadObjectAsync())["total"]!.GetValue<int>());

        var started = await api.PostAsync("/api/workflows/test-review/instances?version=1", Api.Json(new { customerId = customer }));
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var id = (await started.ReadObjectAsync())["id"]!.GetValue<string>();

        var journal = await (await api.GetAsync($"/api/instances/{id}/journal?takee=5")).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(journal["errors"]!["takee"]);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/instances/{id}/journal?skip=0&take=5")).StatusCode);

        // A cancel's reason in the query had been ignored and the journey cancelled with no reason recorded.
        var cancel = await (await api.PostAsync($"/api/instances/{id}/cancel?reason=withdrawn", Api.Json(new { }))).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(cancel["errors"]!["reason"]);
        await (await api.PostAsync($"/api/instances/{id}/signals/decision?approved=true", Api.Json(new { }))).AssertProblemAsync(HttpStatusCode.BadRequest, "approved");
        Assert.Equal("Waiting", (await api.WaitForStatusAsync(id, "Waiting"))["status"]!.GetValue<string>());
    }

    // Walk 43: a start or a signal sent as text/plain got routing's 415, which named no field (a cancel's named body).
    [Theory]
    [InlineData("/api/workflows/test-review/instances")]
    [InlineData("/api/instances/some-journey/signals/decision")]
    [InlineData("/api/instances/some-journey/cancel")]
    public async Task ABodyThatIsNotJson_Is415NamingBody_OnEveryEndpoint(string path)
    {
        var api = _api;
        using var content = new StringContent("""{"customerId":"x"}""", System.Text.Encoding.UTF8, "text/plain");

        var problem = await (await api.PostAsync(path, content)).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);

        Assert.Equal("unsupported_media_type", problem["code"]!.GetValue<string>());
        Assert.Equal("Content-Type must be application/json.", problem["errors"]!["body"]![0]!.GetValue<string>());
        Assert.Contains("text/plain", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    // Walk 43: the 202 of a start said createdAt 21:15:50.3105038+00:00, every read of the journey after it 21:15:50.31+00:00.
    [Fact]
    public async Task AStartAnswersTheTimesEveryLaterReadOfTheJourneyAnswers()
    {
        var started = await (await _api.PostAsync("/api/workflows/test-review/instances", Api.Json(new { customerId = NewCustomer() }))).ReadObjectAsync();
        var id = started["id"]!.GetValue<string>();

        var read = await (await _api.GetAsync($"/api/instances/{id}")).ReadObjectAsync();

        Assert.Equal(read["createdAt"]!.GetValue<string>(), started["createdAt"]!.GetValue<string>());
        Assert.Equal(DateTimeOffset.Parse(started["createdAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(started["updatedAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
    }

    private static void HideIdempotencyKeyLookups(IServiceCollection services)
    {
        var registered = services.Last(d => d.ServiceType == typeof(IWorkflowClient));
        services.Remove(registered);
        services.AddSingleton(sp => KeyLookupHidden.Wrap((IWorkflowClient)registered.ImplementationFactory!(sp)));
    }

    /// <summary>The engine's client with <c>FindByIdempotencyKeyAsync</c> always answering "none yet".</summary>
    public class KeyLookupHidden : DispatchProxy
    {
        private IWorkflowClient _inner = null!;

        public static IWorkflowClient Wrap(IWorkflowClient inner)
        {
            var proxy = Create<IWorkflowClient, KeyLookupHidden>();
            ((KeyLookupHidden)(object)proxy)._inner = inner;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            targetMethod!.Name == nameof(IWorkflowClient.FindByIdempotencyKeyAsync)
                ? Task.FromResult<WorkflowInstanceSummary?>(null)
                : targetMethod.Invoke(_inner, args);
    }
}
