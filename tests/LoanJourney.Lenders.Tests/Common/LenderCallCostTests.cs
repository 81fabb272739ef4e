using System.Net;
using System.Net.Http.Headers;
using System.Text;
using LoanJourney.Lenders.Common;
using LoanJourney.Lenders.FinBoxPrism;
using LoanJourney.Lenders.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace LoanJourney.Lenders.Tests.Common;

/// <summary>
/// Regression guards that are not timed: what one lender call costs in the registered pipeline (Refit, the resilience handler,
/// telemetry, the recorder, the classifying client), with a fake lender that answers at once so the whole call runs on the test's
/// thread and its allocations can be counted exactly. docs/PERFORMANCE.md, round 33: the answer used to be decoded to text and
/// parsed for its code twice per call (by the recorder, then by the client).
/// </summary>
public sealed class LenderCallCostTests
{
    // Measured for Get BRE's documented success answer (1,171 bytes; .NET 10.0.12): 29,477 bytes per call with the answer read
    // and parsed once, 34,021 when the client decoded and parsed it a second time (main afd51de). Raise the bound only with a reason.
    private const long BytesPerCall = 32_000;

    private static readonly byte[] Answer = Encoding.UTF8.GetBytes(Samples.Read("FinBoxPrism/11-get-bre.success.json"));

    [Fact]
    public void ALenderCall_AllocatesWithinABound()
    {
        const int Rounds = 50;
        using var services = Services(out _);
        var client = services.GetRequiredService<IFinBoxPrismClient>();
        using var capture = LenderCallCapture.Begin();
        Call(client); // first use: the pipeline is built, static caches filled

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Rounds; i++)
        {
            Call(client);
        }

        var perCall = (GC.GetAllocatedBytesForCurrentThread() - before) / Rounds;
        Assert.Equal(Rounds + 1, capture.Calls.Count);
        Assert.True(perCall <= BytesPerCall, $"one lender call now allocates {perCall} bytes (bound {BytesPerCall})");
    }

    [Fact]
    public async Task TheClient_ClassifiesTheAnswerTheRecorderRead_AndRecordsItMasked()
    {
        using var services = Services(out var lender);
        var client = services.GetRequiredService<IFinBoxPrismClient>();
        using var capture = LenderCallCapture.Begin();

        var result = await client.GetBreAsync("ref-1");

        Assert.Equal(LenderResultKind.Success, result.Kind);
        Assert.Equal("GEO-S-000", result.LenderCode);
        Assert.NotEmpty(result.Body!.Data!.Offers!);
        var record = Assert.Single(capture.Calls);
        Assert.Equal("GEO-S-000", record.LenderCode);
        Assert.Equal(1, lender.Calls);
        Assert.NotNull(LenderAnswer.Of(lender.LastResponse!));
    }

    [Fact]
    public void TheRecordersAnswer_IsUsedOnlyForItsOwnResponseAndContent()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://lender.test/v2/user/offers");
        using var response = new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request, Content = new StringContent("""{"statusCode":"GEO-S-000"}""") };
        LenderAnswer.Keep(request, new LenderAnswer(response, """{"statusCode":"GEO-S-000"}""", null));
        Assert.NotNull(LenderAnswer.Of(response));

        // Another attempt's response on the same request (a retry's) does not take this attempt's answer.
        using var retried = new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request, Content = new StringContent("{}") };
        Assert.Null(LenderAnswer.Of(retried));

        // A handler outside the recorder that replaces the content (a test's answer stripper) makes the client read it again.
        response.Content = new StringContent("""{"statusCode":"GEO-S-001"}""");
        Assert.Null(LenderAnswer.Of(response));
    }

    private static void Call(IFinBoxPrismClient client)
    {
        var task = client.GetBreAsync("ref-1");

        // Counting on this thread is exact only if the call never left it: the fake lender answers synchronously.
        Assert.True(task.IsCompleted, "the call did not complete synchronously: the count would miss other threads' allocations");
        Assert.Equal(LenderResultKind.Success, task.GetAwaiter().GetResult().Kind);
    }

    private static ServiceProvider Services(out FakeLender lender)
    {
        var fake = new FakeLender();
        lender = fake;
        return LenderTestServices.Create(new Uri("http://lender.test"),
            configure: services => services.AddHttpClient(LenderNames.FinBoxPrism).ConfigurePrimaryHttpMessageHandler(() => fake));
    }

    /// <summary>Answers every request at once with Get BRE's success, as SocketsHttpHandler does: the response names its request.</summary>
    private sealed class FakeLender : HttpMessageHandler
    {
        public int Calls { get; private set; }

        public HttpResponseMessage? LastResponse { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls++;
            var content = new ByteArrayContent(Answer);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            LastResponse = new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request };
            return Task.FromResult(LastResponse);
        }
    }
}
