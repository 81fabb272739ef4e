using System.Net;
using System.Text.Json.Nodes;
using LoanJourney.Server.Tests.Support;
using Npgsql;

namespace LoanJourney.Server.Tests.Problems;

/// <summary>
/// The server on a real PostgreSQL whose grants are revoked while it runs (as a dropped database or a rotated password
/// would, after the start): PostgreSQL answers <c>42501</c>. API calls and webhooks answer 503 <c>store_unavailable</c>
/// with <c>Retry-After</c>, each logged once at Error as the configuration fault it is (2008: SqlState, message, what to
/// do; no stack), readiness says <c>"database":"misconfigured"</c> with the SqlState, and once the grants are back the same
/// calls succeed. Before, each call answered 500 <c>internal</c>, logged as an unhandled error with its stack, and readiness
/// said "unreachable", "PostgresException".
/// </summary>
public sealed class StoreMisconfiguredTests : IAsyncLifetime
{
    private const string Role = "lj_revoked";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120); // a safety net on a loaded machine: waits end at readiness
    private readonly PostgresServer _postgres = new();
    private readonly string _logs = Directory.CreateTempSubdirectory("lj-storecfg-").FullName;

    public Task InitializeAsync() => _postgres.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _postgres.DisposeAsync();
        Directory.Delete(_logs, recursive: true);
    }

    [Fact]
    public async Task GrantsRevokedWhileRunning_Answer503StoreUnavailable_LoggedAsAConfigurationFault_ReadinessSaysMisconfigured()
    {
        var customer = "CFG-" + Guid.NewGuid().ToString("N")[..8];
        await AdminAsync($"CREATE ROLE {Role} LOGIN", $"CREATE SCHEMA s_{Role} AUTHORIZATION {Role}");
        var connection = new NpgsqlConnectionStringBuilder(_postgres.ConnectionString("loanjourney_tests", $"s_{Role}")) { Username = Role }.ConnectionString;
        using (var factory = new ServerFactory(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Postgres",
            ["ConnectionStrings:LoanJourney"] = connection,
            ["Serilog:File:Path"] = Path.Combine(_logs, "server-.json"),
        }))
        {
            var api = factory.CreateApiClient();
            var anonymous = factory.CreateClient();
            var waiting = await api.StartAsync("test-webhook", new { customerId = customer });
            await api.WaitForStatusAsync(waiting, "Waiting");

            await AdminAsync($"REVOKE ALL ON ALL TABLES IN SCHEMA s_{Role} FROM {Role}");

            await AssertRefusedAsync(await api.GetAsync(new Uri($"/api/instances/{waiting}", UriKind.Relative)));
            await AssertRefusedAsync(await anonymous.PostAsync(new Uri("/webhooks/finbox", UriKind.Relative), Api.Json(Disbursed(customer))));
            var ready = await anonymous.GetAsync(new Uri("/health/ready", UriKind.Relative));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            var health = await ready.ReadObjectAsync();
            Assert.Equal("misconfigured", health["database"]!.GetValue<string>());
            Assert.Equal("42501", health["error"]!.GetValue<string>());

            await AdminAsync($"GRANT ALL ON ALL TABLES IN SCHEMA s_{Role} TO {Role}");
            await Poll.UntilAsync(() => anonymous.GetAsync(new Uri("/health/ready", UriKind.Relative)), r => r.StatusCode == HttpStatusCode.OK, Deadline,
                r => $"/health/ready answered {(int?)r?.StatusCode}");
            var delivered = await anonymous.PostAsync(new Uri("/webhooks/finbox", UriKind.Relative), Api.Json(Disbursed(customer)));
            Assert.Equal(HttpStatusCode.Accepted, delivered.StatusCode);
            Assert.Equal("Disbursed", (await api.WaitForStatusAsync(waiting, "Completed"))["outcome"]!.GetValue<string>());
        }

        // Per refused request one error without a stack that says what to do; nothing logged as an unhandled error.
        var events = Directory.GetFiles(_logs, "server-*.json").SelectMany(File.ReadAllLines).Select(line => JsonNode.Parse(line)!.AsObject()).ToList();
        var refused = events.Where(e => e["Properties"]?["EventId"]?["Id"]?.GetValue<int>() == 2008).ToList();
        Assert.Equal(2, refused.Count);
        Assert.All(refused, e =>
        {
            Assert.Equal("Error", e["Level"]?.GetValue<string>());
            Assert.Null(e["Exception"]);
            Assert.Equal("42501", e["Properties"]?["SqlState"]?.GetValue<string>());
            Assert.Contains($"Give the role {Role} the store's privileges", e["Properties"]?["Remedy"]?.GetValue<string>(), StringComparison.Ordinal);
        });
        Assert.DoesNotContain(events, e => e["Properties"]?["EventId"]?["Id"]?.GetValue<int>() == 2002);
        Assert.DoesNotContain(events, e => e["Properties"]?["StatusCode"]?.GetValue<int>() == 500);
    }

    private async Task AdminAsync(params string[] statements)
    {
        await using var connection = new NpgsqlConnection(_postgres.ConnectionString("loanjourney_tests"));
        await connection.OpenAsync();
        foreach (var sql in statements)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response)
    {
        var problem = await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("store_unavailable", problem["code"]!.GetValue<string>());
        Assert.Contains("refuses this server's configuration", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("42501", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
    }

    private static string Disbursed(string customer) =>
        $$"""{"customerID":"{{customer}}","entityType":"system","eventDescription":"Loan disbursed","eventType":"loan_disbursed","loanApplicationID":"APP-1","loggedAt":"2026-01-01 10:00:00","journeyType":"personal_loan","source":"test"}""";
}
