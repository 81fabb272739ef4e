using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LoanJourney.EndToEnd.Tests.Support;
using LoanJourney.TestSupport;

namespace LoanJourney.EndToEnd.Tests;

/// <summary>
/// The default run stopped as a deploy stops it (SIGTERM) while a lender call is out: the server waits for the answer, commits
/// the step and exits; started again on the same data folder it goes on from the next step, and the call is not sent again
/// (docs/engine.md, "Stopping a node"). Before session 35 the answer was thrown away at the stop and the call sent again.
/// </summary>
public sealed class GracefulStopTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120); // a safety net on a loaded machine: waits end when their condition holds
    private Deployment? _deployment;

    private Deployment Deployment => _deployment!;

    public async Task InitializeAsync() => _deployment = await Deployment.StartOneProcessAsync("graceful-stop");

    public async Task DisposeAsync()
    {
        if (_deployment is not null)
        {
            await _deployment.DisposeAsync();
        }
    }

    [Fact]
    public async Task AServerStoppedWhileALenderCallIsOut_CommitsItsAnswer_AndTheRestartedServerDoesNotSendItAgain()
    {
        var api = Deployment.Journeys;
        await SetLatencyAsync(3000); // the embedded sandbox answers every lender call 3 s late
        var (input, _, _) = Samples.Prism(Samples.PersonalLoan);
        var id = await api.StartAsync(Samples.PersonalLoan, input);

        // The first step's call (FinBox's user create) is out and has arrived: the server's own HTTP client has a POST in flight,
        // and so has its Kestrel (the embedded sandbox's side; the start's POST has been answered). A client's POST alone may still
        // be connecting, and on a loaded machine its connect came after the stop had closed the listener (refused, session 36).
        await Poll.UntilAsync(ActivePostsAsync, active => active is { Sent: > 0, Received: > 0 }, Deadline, _ => $"a lender call in flight\n{Deployment.Diagnostics()}");
        Assert.Equal(0, Deployment.StopServer());

        // The answer came after the stop began, and was kept.
        var output = Deployment.ServerOutput;
        var stopping = output.IndexOf("Application is shutting down", StringComparison.Ordinal);
        var answered = output.IndexOf("FinBoxPrism.CreateUser POST /sandbox/v2/user/create answered HTTP 200", StringComparison.Ordinal);
        Assert.True(stopping >= 0 && answered > stopping, $"the stop did not wait for the answer:\n{output}");
        // The log says the node waited for its run and what it gave back, after the answer (it said nothing after the host's line).
        var waited = output.IndexOf("stopping: claims nothing more; 1 runs in flight", StringComparison.Ordinal);
        var stopped = output.IndexOf(" stopped: no run left", StringComparison.Ordinal);
        Assert.True(waited > stopping && stopped > answered, $"the dispatcher's stop is not in the log:\n{output}");
        Assert.DoesNotContain("Exception", output, StringComparison.Ordinal);

        await Deployment.StartServerAsync();
        await SetLatencyAsync(0);
        var journal = await Poll.UntilAsync(() => api.JournalAsync(id), j => Count(j, "StepStarted", "updateDetails") > 0, Deadline,
            j => $"the journey's next step\n{j}\n{Deployment.Diagnostics()}");
        Assert.Equal((1, 1, 1), (Count(journal, "StepStarted", "createUser"), Count(journal, "LenderCall", "createUser"), Count(journal, "StepCompleted", "createUser")));
    }

    private async Task SetLatencyAsync(int milliseconds)
    {
        using var response = await Deployment.Sandbox.PutAsJsonAsync("sandbox/faults", new { latencyMs = milliseconds });
        response.EnsureSuccessStatusCode();
    }

    // OpenTelemetry's http.client.active_requests and http.server.active_requests on /metrics: the journey's lender calls are the
    // server's only outbound POSTs, and (once the start is answered) the embedded sandbox's the only inbound ones.
    private async Task<(int Sent, int Received)> ActivePostsAsync()
    {
        var metrics = (await Deployment.Api.GetStringAsync(new Uri("metrics", UriKind.Relative))).Split('\n');
        return (Posts(metrics, "http_client_active_requests{"), Posts(metrics, "http_server_active_requests{"));
    }

    private static int Posts(string[] metrics, string series) => metrics
        .Where(line => line.StartsWith(series, StringComparison.Ordinal) && line.Contains("http_request_method=\"POST\"", StringComparison.Ordinal))
        .Sum(line => (int)double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));

    private static int Count(JsonArray journal, string kind, string stepId) =>
        journal.Count(e => e?["kind"]?.GetValue<string>() == kind && e["stepId"]?.GetValue<string>() == stepId);
}
