using System.Net;
using System.Text.Json.Nodes;
using LoanJourney.Server.Tests.Support;

namespace LoanJourney.Server.Tests.Auth;

/// <summary>
/// The partner filters of <c>GET /api/instances</c> (<c>partner=</c>, <c>hasPartner</c>; docs/api.md, "Instances") on a real
/// PostgreSQL, beside <see cref="PartnerScopeTests"/> on SQLite: session 44 tested them on SQLite only, though the server runs
/// on PostgreSQL in production. The team lists one partner's journeys, its own and every partner's, with their totals, counts
/// and cursor pages; a partner-scoped principal lists its own and cannot widen its scope.
/// </summary>
public sealed class PostgresPartnerListTests : IAsyncLifetime
{
    private readonly PostgresServer _postgres = new();

    public Task InitializeAsync() => _postgres.InitializeAsync();

    public Task DisposeAsync() => _postgres.DisposeAsync();

    [Fact]
    public async Task PartnerAndHasPartner_ListTheRightJourneys_WithTotalsCountsAndPages_OnPostgres()
    {
        var settings = TestPrincipals.SettingsWithScoped();
        settings["Storage:Provider"] = "Postgres";
        settings["ConnectionStrings:LoanJourney"] = await _postgres.CreateSchemaAsync();
        using var factory = new ServerFactory(settings);
        HttpClient Client(string key) => factory.CreateClient(key);
        var acme = Client(TestPrincipals.Scoped[0].Key);
        var zeta = Client(TestPrincipals.Scoped[1].Key);
        var team = Client(TestPrincipals.KeyOf("Operator"));
        var customer = "PGP-" + Guid.NewGuid().ToString("N")[..8];
        var acmes = new[] { await acme.StartAsync("test-review", new { customerId = customer }), await acme.StartAsync("test-review", new { customerId = customer }) };
        var zetas = await zeta.StartAsync("test-review", new { customerId = customer });
        var teams = new[] { await team.StartAsync("test-review", new { customerId = customer }), await team.StartAsync("test-review", new { customerId = customer }) };
        static List<string> Ids(JsonObject list) => list["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();
        async Task<JsonObject> ListAsync(HttpClient client, string query) =>
            await (await client.GetAsync($"/api/instances?correlationId={customer}&{query}")).ReadObjectAsync();

        foreach (var sort in new[] { "createdAt", "updatedAt" })
        {
            var ofAcme = await ListAsync(team, $"partner=acme&sort={sort}");
            Assert.Equal(acmes.Order(StringComparer.Ordinal), Ids(ofAcme));
            Assert.Equal(2, ofAcme["total"]!.GetValue<long>());
            Assert.Equal(2, ofAcme["countsByStatus"]!.AsObject().Sum(p => p.Value!.GetValue<long>()));

            var own = await ListAsync(team, $"hasPartner=false&sort={sort}");
            Assert.Equal(teams.Order(StringComparer.Ordinal), Ids(own));
            Assert.Equal(2, own["total"]!.GetValue<long>());
            Assert.Equal(2, own["countsByStatus"]!.AsObject().Sum(p => p.Value!.GetValue<long>()));

            var partners = await ListAsync(team, $"hasPartner=true&sort={sort}");
            Assert.Equal(acmes.Append(zetas).Order(StringComparer.Ordinal), Ids(partners));
            Assert.Equal(3, partners["total"]!.GetValue<long>());

            // One a page by cursor, as the Studio pages: the team's two journeys, each once.
            var first = await ListAsync(team, $"hasPartner=false&sort={sort}&take=1");
            var second = await ListAsync(team, $"hasPartner=false&sort={sort}&take=1&after={Uri.EscapeDataString(first["next"]!.GetValue<string>())}");
            Assert.Equal(teams.Order(StringComparer.Ordinal), Ids(first).Concat(Ids(second)).Order(StringComparer.Ordinal));
        }

        // A partner lists its own, whatever it sends; it cannot widen its scope to the team's or name another partner.
        Assert.Equal(acmes.Order(StringComparer.Ordinal), Ids(await ListAsync(acme, "")));
        Assert.Equal(acmes.Order(StringComparer.Ordinal), Ids(await ListAsync(acme, "hasPartner=true")));
        Assert.Equal(acmes.Order(StringComparer.Ordinal), Ids(await ListAsync(acme, "partner=acme")));
        var widen = await (await acme.GetAsync($"/api/instances?hasPartner=false&correlationId={customer}")).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("hasPartner", widen["errors"]!.AsObject().Select(e => e.Key));
        var other = await (await acme.GetAsync($"/api/instances?partner=zeta&correlationId={customer}")).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("partner", other["errors"]!.AsObject().Select(e => e.Key));
    }
}
