using System.Net;
using System.Text.Json.Nodes;
using LoanJourney.Server.Tests.Support;
using Microsoft.Data.Sqlite;

namespace LoanJourney.Server.Tests.Problems;

/// <summary>
/// The server on a real PostgreSQL server that is stopped mid-test: while the store cannot be reached, API calls and
/// webhooks answer 503 <c>store_unavailable</c> with <c>Retry-After</c> (a lender's or partner's retry is safe), logged as a
/// warning without a stack trace; once it is back the same calls succeed and nothing was lost. Before, every call
/// answered 500 <c>internal</c> and was logged as an unhandled error.
/// </summary>
public sealed class StoreUnavailableTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120); // a safety net on a loaded machine: waits end at readiness
    private readonly PostgresServer _postgres = new() { Durable = true };
    private readonly string _logs = Directory.CreateTempSubdirectory("lj-store-").FullName;

    public Task InitializeAsync() => _postgres.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _postgres.DisposeAsync();
        Directory.Delete(_logs, recursive: true);
    }

    [Fact]
    public async Task WhilePostgresIsStopped_ReadsStartsAndWebhooksAnswer503StoreUnavailable_AndSucceedOnceItIsBack()
    {
        var customer = "OUT-" + Guid.NewGuid().ToString("N")[..8];
        var latecomer = "OUT-" + Guid.NewGuid().ToString("N")[..8];
        string waiting;
        using (var factory = new ServerFactory(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Postgres",
            ["ConnectionStrings:LoanJourney"] = await _postgres.CreateSchemaAsync(),
            ["Serilog:File:Path"] = Path.Combine(_logs, "server-.json"),
        }))
        {
            var api = factory.CreateApiClient();
            var anonymous = factory.CreateClient();
            waiting = await api.StartAsync("test-webhook", new { customerId = customer });
            await api.WaitForStatusAsync(waiting, "Waiting");

            await _postgres.StopAsync();

            await AssertStoreUnavailableAsync(await api.GetAsync(new Uri($"/api/instances/{waiting}", UriKind.Relative)));
            await AssertStoreUnavailableAsync(await api.SendAsync(Start(latecomer)));
            await AssertStoreUnavailableAsync(await anonymous.PostAsync(new Uri("/webhooks/finbox", UriKind.Relative), Api.Json(Disbursed(customer))));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await anonymous.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);

            await _postgres.StartAsync();
            await Poll.UntilAsync(() => anonymous.GetAsync(new Uri("/health/ready", UriKind.Relative)), r => r.StatusCode == HttpStatusCode.OK, Deadline,
                r => $"/health/ready answered {(int?)r?.StatusCode}");

            // The same calls, retried as a caller would: each succeeds, and each happened once.
            Assert.Equal("Waiting", (await api.GetInstanceAsync(waiting))["status"]!.GetValue<string>());
            var started = await api.SendAsync(Start(latecomer));
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            var latecomerId = (await started.ReadObjectAsync())["id"]!.GetValue<string>();
            var delivered = await anonymous.PostAsync(new Uri("/webhooks/finbox", UriKind.Relative), Api.Json(Disbursed(customer)));
            Assert.Equal(HttpStatusCode.Accepted, delivered.StatusCode);
            Assert.Equal("Routed", (await delivered.ReadObjectAsync())["status"]!.GetValue<string>());
            Assert.Equal("Disbursed", (await api.WaitForStatusAsync(waiting, "Completed"))["outcome"]!.GetValue<string>());
            await api.WaitForStatusAsync(latecomerId, "Waiting");

            var journeys = await (await api.GetAsync(new Uri("/api/instances?workflowId=test-webhook", UriKind.Relative))).ReadObjectAsync();
            Assert.Equal(new[] { latecomerId, waiting }.Order(StringComparer.Ordinal),
                journeys["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).Order(StringComparer.Ordinal));
            var journal = await (await api.GetAsync(new Uri($"/api/instances/{waiting}/journal", UriKind.Relative))).ReadObjectAsync();
            Assert.Single(journal["items"]!.AsArray(), e => e!["kind"]!.GetValue<string>() == "WebhookReceived");
        }

        // Per refused request one warning without a stack trace and a request line at Warning; nothing logged as an unhandled error.
        var events = Directory.GetFiles(_logs, "server-*.json").SelectMany(File.ReadAllLines).Select(line => JsonNode.Parse(line)!.AsObject()).ToList();
        var outages = events.Where(e => e["Properties"]?["EventId"]?["Id"]?.GetValue<int>() == 2018).ToList();
        Assert.Equal(3, outages.Count);
        Assert.All(outages, e =>
        {
            Assert.Equal("Warning", e["Level"]?.GetValue<string>());
            Assert.Null(e["Exception"]);
        });
        Assert.DoesNotContain(events, e => e["Properties"]?["EventId"]?["Id"]?.GetValue<int>() == 2002);
        var refused = events.Where(e => e["Properties"]?["StatusCode"]?.GetValue<int>() == 503
            && e["Properties"]?["SourceContext"]?.GetValue<string>() == "Serilog.AspNetCore.RequestLoggingMiddleware"
            && e["Properties"]?["RequestPath"]?.GetValue<string>().StartsWith("/health/", StringComparison.Ordinal) == false).ToList();
        Assert.Equal(3, refused.Count);
        Assert.All(refused, e => Assert.Equal("Warning", e["Level"]?.GetValue<string>()));
        // Readiness's own 503s (the probe's answer during the outage) are warnings too, not errors (session 36).
        var notReady = events.Where(e => e["Properties"]?["StatusCode"]?.GetValue<int>() == 503
            && e["Properties"]?["RequestPath"]?.GetValue<string>() == "/health/ready").ToList();
        Assert.NotEmpty(notReady);
        Assert.All(notReady, e => Assert.Equal("Warning", e["Level"]?.GetValue<string>()));
    }

    // SQLite: another process holds the database's write lock past Engine:BusyTimeout (a backup, a second server on the
    // same file). Reads go on (WAL); a start and a webhook answer 503 store_unavailable, and succeed once the lock is gone.
    [Fact]
    public async Task WhileAnotherProcessHoldsTheSqliteWriteLock_StartsAndWebhooksAnswer503StoreUnavailable_AndSucceedAfterwards()
    {
        var customer = "LCK-" + Guid.NewGuid().ToString("N")[..8];
        var latecomer = "LCK-" + Guid.NewGuid().ToString("N")[..8];
        using var factory = new ServerFactory(new Dictionary<string, string?> { ["Engine:BusyTimeout"] = "00:00:00.200" });
        var api = factory.CreateApiClient();
        var anonymous = factory.CreateClient();
        var waiting = await api.StartAsync("test-webhook", new { customerId = customer });
        await api.WaitForStatusAsync(waiting, "Waiting");

        await using (var holder = new SqliteConnection($"Data Source={Path.Combine(factory.DataDirectory, "server.db")};Pooling=False"))
        {
            await holder.OpenAsync();
            await using (var exclusive = new SqliteCommand("BEGIN EXCLUSIVE", holder))
            {
                await exclusive.ExecuteNonQueryAsync();
            }

            Assert.Equal("Waiting", (await api.GetInstanceAsync(waiting))["status"]!.GetValue<string>());
            await AssertStoreUnavailableAsync(await api.SendAsync(Start(latecomer)));
            await AssertStoreUnavailableAsync(await anonymous.PostAsync(new Uri("/webhooks/finbox", UriKind.Relative), Api.Json(Disbursed(customer))));
            await using var release = new SqliteCommand("ROLLBACK", holder);
            await release.ExecuteNonQueryAsync();
        }

        var started = await api.SendAsync(Start(latecomer));
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var delivered = await anonymous.PostAsync(new Uri("/webhooks/finbox", UriKind.Relative), Api.Json(Disbursed(customer)));
        Assert.Equal("Routed", (await delivered.ReadObjectAsync())["status"]!.GetValue<string>());
        Assert.Equal("Disbursed", (await api.WaitForStatusAsync(waiting, "Completed"))["outcome"]!.GetValue<string>());
        await api.WaitForStatusAsync((await started.ReadObjectAsync())["id"]!.GetValue<string>(), "Waiting");
    }

    private static async Task AssertStoreUnavailableAsync(HttpResponseMessage response)
    {
        var problem = await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("store_unavailable", problem["code"]!.GetValue<string>());
        Assert.Equal("urn:loanjourney:problem:store_unavailable", problem["type"]!.GetValue<string>());
        Assert.Contains("retry", problem["detail"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
    }

    private static HttpRequestMessage Start(string customer)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/workflows/test-webhook/instances", UriKind.Relative))
        {
            Content = Api.Json(new { customerId = customer }),
        };
        request.Headers.Add("Idempotency-Key", "start-" + customer);
        return request;
    }

    private static string Disbursed(string customer) =>
        $$"""{"customerID":"{{customer}}","entityType":"system","eventDescription":"Loan disbursed","eventType":"loan_disbursed","loanApplicationID":"APP-1","loggedAt":"2026-01-01 10:00:00","journeyType":"personal_loan","source":"test"}""";
}
