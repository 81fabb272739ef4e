using System.Net;
using System.Text.Json.Nodes;
using LoanJourney.Server.Tests.Support;

namespace LoanJourney.Server.Tests.Auth;

/// <summary>
/// Partner-scoped keys (docs/server.md, "Partner scope"): a principal with <c>Server:Principals:N:Partner</c> sees and
/// touches only the journeys its partner started; another partner's, or the team's, answers 404 as an unknown id does.
/// The management surface is refused (RoleMatrixTests); an unscoped principal sees everything as before.
/// </summary>
public sealed class PartnerScopeTests : IDisposable
{
    private readonly ServerFactory _factory = new(TestPrincipals.SettingsWithScoped());

    public void Dispose() => _factory.Dispose();

    private HttpClient Acme => _factory.CreateClient(TestPrincipals.Scoped[0].Key);

    private HttpClient Zeta => _factory.CreateClient(TestPrincipals.Scoped[1].Key);

    private HttpClient AcmeViewer => _factory.CreateClient(TestPrincipals.Scoped[2].Key);

    private HttpClient Operator => _factory.CreateClient(TestPrincipals.KeyOf("Operator"));

    private static string NewCustomer() => "CUST-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task AnotherPartnersJourney_CannotBeReadJournaledSignalledOrCancelled_404AsAnUnknownId()
    {
        var acmes = await Acme.StartAsync("test-review", new { customerId = NewCustomer() });
        var teams = await Operator.StartAsync("test-review", new { customerId = NewCustomer() });
        await Acme.WaitForStatusAsync(acmes, "Waiting");
        var unknown = await (await Zeta.GetAsync("/api/instances/no-such-id")).AssertProblemAsync(HttpStatusCode.NotFound);

        foreach (var id in new[] { acmes, teams })
        {
            foreach (var response in new[]
            {
                await Zeta.GetAsync($"/api/instances/{id}"),
                await Zeta.GetAsync($"/api/instances/{id}/journal"),
                await Zeta.PostAsync($"/api/instances/{id}/signals/decision", Api.Json(new { approved = true })),
                await Zeta.PostAsync($"/api/instances/{id}/cancel", Api.Json(new { reason = "not mine" })),
            })
            {
                var problem = await response.AssertProblemAsync(HttpStatusCode.NotFound);
                Assert.Equal(unknown["code"]!.GetValue<string>(), problem["code"]!.GetValue<string>());
                Assert.Equal(unknown["title"]!.GetValue<string>(), problem["title"]!.GetValue<string>());
            }
        }

        // Acme's own journey was not touched by Zeta, and the team's is not Acme's either.
        Assert.Equal("Waiting", (await Operator.GetInstanceAsync(acmes))["status"]!.GetValue<string>());
        await (await Acme.GetAsync($"/api/instances/{teams}")).AssertProblemAsync(HttpStatusCode.NotFound);

        // Acme reads, journals and signals its own; its Viewer reads it; the unscoped Operator still reads and cancels anyone's.
        Assert.Equal(HttpStatusCode.OK, (await Acme.GetAsync($"/api/instances/{acmes}/journal")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await AcmeViewer.GetAsync($"/api/instances/{acmes}")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await Acme.PostAsync($"/api/instances/{acmes}/signals/decision", Api.Json(new { approved = true }))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await Operator.PostAsync($"/api/instances/{teams}/cancel", Api.Json(new { reason = "team" }))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Operator.GetAsync($"/api/instances/{acmes}")).StatusCode);
    }

    [Fact]
    public async Task APartnerCancelsItsOwnJourney()
    {
        var id = await Acme.StartAsync("test-review", new { customerId = NewCustomer() });
        await Acme.WaitForStatusAsync(id, "Waiting");
        await Acme.CancelAndWaitAsync(id, "borrower withdrew");
    }

    [Fact]
    public async Task APartnersListAndCountsShowItsOwnJourneysOnly_TheTeamsShowEvery()
    {
        var acmes = new[]
        {
            await Acme.StartAsync("test-review", new { customerId = NewCustomer() }),
            await Acme.StartAsync("test-review", new { customerId = NewCustomer() }),
        };
        var zetas = await Zeta.StartAsync("test-review", new { customerId = NewCustomer() });
        var teams = await Operator.StartAsync("test-review", new { customerId = NewCustomer() });
        foreach (var id in acmes.Append(zetas).Append(teams))
        {
            await Operator.WaitForStatusAsync(id, "Waiting");
        }

        var acme = await (await Acme.GetAsync("/api/instances")).ReadObjectAsync();
        Assert.Equal(acmes.Order(), acme["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).Order());
        Assert.Equal(2, acme["total"]!.GetValue<long>());
        Assert.Equal(2, Counts(acme).Sum());
        Assert.Equal(2, acme["countsByStatus"]!["Waiting"]!.GetValue<long>());

        // Filters narrow the partner's journeys, never widen past them.
        var acmeFiltered = await (await AcmeViewer.GetAsync("/api/instances?workflowId=test-review&status=Waiting")).ReadObjectAsync();
        Assert.Equal(2, acmeFiltered["total"]!.GetValue<long>());
        var byCorrelation = await (await Acme.GetAsync($"/api/instances?correlationId={(await Operator.GetInstanceAsync(zetas))["correlationId"]!.GetValue<string>()}")).ReadObjectAsync();
        Assert.Empty(byCorrelation["items"]!.AsArray());
        Assert.Equal(0, byCorrelation["total"]!.GetValue<long>());

        var zeta = await (await Zeta.GetAsync("/api/instances")).ReadObjectAsync();
        Assert.Equal([zetas], zeta["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
        Assert.Equal(1, zeta["total"]!.GetValue<long>());

        var team = await (await Operator.GetAsync("/api/instances")).ReadObjectAsync();
        Assert.Equal(4, team["total"]!.GetValue<long>());
        Assert.Equal(4, Counts(team).Sum());

        static IEnumerable<long> Counts(JsonObject list) => list["countsByStatus"]!.AsObject().Select(p => p.Value!.GetValue<long>());
    }

    [Fact]
    public async Task TheTeamFiltersTheListByPartner_APartnerCannotWidenItsScopeByNamingAnother()
    {
        var acmes = await Acme.StartAsync("test-review", new { customerId = NewCustomer() });
        var zetas = await Zeta.StartAsync("test-review", new { customerId = NewCustomer() });
        await Operator.StartAsync("test-review", new { customerId = NewCustomer() });

        // The team (any unscoped Viewer or more) lists one partner's journeys, the total and counts too.
        var byAcme = await (await Operator.GetAsync("/api/instances?partner=acme")).ReadObjectAsync();
        Assert.Equal([acmes], byAcme["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
        Assert.Equal("acme", byAcme["items"]![0]!["partnerName"]!.GetValue<string>());
        Assert.Equal(1, byAcme["total"]!.GetValue<long>());
        Assert.Equal(1, byAcme["countsByStatus"]!.AsObject().Sum(p => p.Value!.GetValue<long>()));
        var byZeta = await (await _factory.CreateClient(TestPrincipals.KeyOf("Viewer")).GetAsync("/api/instances?partner=zeta&workflowId=test-review")).ReadObjectAsync();
        Assert.Equal([zetas], byZeta["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
        var nobody = await (await Operator.GetAsync("/api/instances?partner=nobody")).ReadObjectAsync();
        Assert.Equal(0, nobody["total"]!.GetValue<long>());
        var malformed = await (await Operator.GetAsync("/api/instances?partner=acme%20corp")).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("partner", malformed["errors"]!.AsObject().Select(e => e.Key));

        // A partner may name itself; naming another partner, or one that does not exist, is the same 400 about its own scope.
        var own = await (await Acme.GetAsync("/api/instances?partner=acme")).ReadObjectAsync();
        Assert.Equal([acmes], own["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
        var other = await (await Acme.GetAsync("/api/instances?partner=zeta")).AssertProblemAsync(HttpStatusCode.BadRequest);
        var none = await (await AcmeViewer.GetAsync("/api/instances?partner=nobody")).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(
            "This principal acts for partner 'acme' and lists its journeys only: leave partner out, or name 'acme'.",
            other["errors"]!["partner"]![0]!.GetValue<string>());
        Assert.Equal(other["errors"]!.ToJsonString(), none["errors"]!.ToJsonString());
    }

    // deferredOn (session 49): a partner is told of the lender APIs and its own partner API, never of another partner's.
    [Fact]
    public async Task APartnersDeferredOn_KnowsItsOwnPartnerApi_AndNamesNoOtherPartner()
    {
        var own = await (await Acme.GetAsync("/api/instances?deferredOn=Partners:acme")).ReadObjectAsync();
        Assert.Equal(0, own["total"]!.GetValue<long>());

        var other = await (await Acme.GetAsync("/api/instances?deferredOn=Partners:zeta")).AssertProblemAsync(HttpStatusCode.BadRequest, "deferredOn");
        Assert.StartsWith("No lender API 'Partners:zeta'. Known: FinBoxPrism, FinBoxSourcing, CapitalFloat, Partner, Partners:acme (",
            other["errors"]!["deferredOn"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        var typo = await (await Acme.GetAsync("/api/instances?deferredOn=Partners:acm")).AssertProblemAsync(HttpStatusCode.BadRequest, "deferredOn");
        Assert.Contains("Did you mean 'Partners:acme'?", typo["errors"]!["deferredOn"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheTeamListsItsOwnJourneys_WithHasPartnerFalse_APartnerCannotUseItToWidenItsScope()
    {
        // One customer through acme, zeta and the team: the correlation id keeps other tests' journeys out of the counts.
        var customer = NewCustomer();
        var acmes = await Acme.StartAsync("test-review", new { customerId = customer });
        var zetas = await Zeta.StartAsync("test-review", new { customerId = customer });
        var teams = await Operator.StartAsync("test-review", new { customerId = customer });
        var admin = _factory.CreateClient(TestPrincipals.KeyOf("Admin"));
        static List<string> Ids(JsonObject list) => list["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();

        foreach (var team in new[] { Operator, admin })
        {
            var own = await (await team.GetAsync($"/api/instances?hasPartner=false&correlationId={customer}")).ReadObjectAsync();
            Assert.Equal([teams], Ids(own));
            Assert.Equal(1, own["total"]!.GetValue<long>());
            Assert.Equal(1, own["countsByStatus"]!.AsObject().Sum(p => p.Value!.GetValue<long>()));
            var partners = await (await team.GetAsync($"/api/instances?hasPartner=true&correlationId={customer}")).ReadObjectAsync();
            Assert.Equal(new[] { acmes, zetas }.Order(StringComparer.Ordinal), Ids(partners));
        }

        // No journey is both a partner's and the team's: a 400 naming hasPartner, as an empty range is.
        var both = await (await Operator.GetAsync("/api/instances?hasPartner=false&partner=acme")).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("hasPartner", both["errors"]!.AsObject().Select(e => e.Key));
        var notABool = await (await Operator.GetAsync("/api/instances?hasPartner=team")).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("hasPartner", notABool["errors"]!.AsObject().Select(e => e.Key));

        // A partner's principal cannot list the team's journeys with it; hasPartner=true is its own list as it was.
        var widen = await (await Acme.GetAsync($"/api/instances?hasPartner=false&correlationId={customer}")).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(
            "This principal acts for partner 'acme' and lists its journeys only: leave hasPartner out.",
            widen["errors"]!["hasPartner"]![0]!.GetValue<string>());
        var itsOwn = await (await AcmeViewer.GetAsync($"/api/instances?hasPartner=true&correlationId={customer}")).ReadObjectAsync();
        Assert.Equal([acmes], Ids(itsOwn));
    }

    [Fact]
    public async Task TheSessionOfAPartnersKey_SaysWhichPartnerItActsFor()
    {
        var acme = await (await Acme.GetAsync("/api/session")).ReadObjectAsync();
        Assert.True(acme["signedIn"]!.GetValue<bool>());
        Assert.Equal("acme-bot", acme["name"]!.GetValue<string>());
        Assert.Equal("Operator", acme["role"]!.GetValue<string>());
        Assert.Equal("acme", acme["partner"]!.GetValue<string>());

        var team = await (await Operator.GetAsync("/api/session")).ReadObjectAsync();
        Assert.True(team["signedIn"]!.GetValue<bool>());
        Assert.Null(team["partner"]);
    }

    [Fact]
    public async Task TheSameIdempotencyKeyFromTwoPartners_StartsTwoJourneys_EachReplaysItsOwn()
    {
        var customer = NewCustomer();
        async Task<(HttpStatusCode Status, string Id)> StartAsync(HttpClient client)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/workflows/test-review/instances") { Content = Api.Json(new { customerId = customer }) };
            request.Headers.Add("Idempotency-Key", "order-1");
            using var response = await client.SendAsync(request);
            return (response.StatusCode, (await response.ReadObjectAsync())["id"]!.GetValue<string>());
        }

        var acme = await StartAsync(Acme);
        var zeta = await StartAsync(Zeta);
        var team = await StartAsync(Operator);
        Assert.Equal(HttpStatusCode.Accepted, acme.Status);
        Assert.Equal(HttpStatusCode.Accepted, zeta.Status);
        Assert.Equal(HttpStatusCode.Accepted, team.Status);
        Assert.Equal(3, new[] { acme.Id, zeta.Id, team.Id }.Distinct().Count());

        // Each namespace replays its own journey.
        Assert.Equal((HttpStatusCode.OK, acme.Id), await StartAsync(Acme));
        Assert.Equal((HttpStatusCode.OK, zeta.Id), await StartAsync(Zeta));
        Assert.Equal((HttpStatusCode.OK, team.Id), await StartAsync(Operator));
        await (await Zeta.GetAsync($"/api/instances/{acme.Id}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AuditEntriesAndTheStartsJournalEntryCarryThePartner()
    {
        var id = await Acme.StartAsync("test-review", new { customerId = NewCustomer() });
        await Acme.WaitForStatusAsync(id, "Waiting");
        Assert.Equal(HttpStatusCode.Accepted, (await Acme.PostAsync($"/api/instances/{id}/cancel", Api.Json(new { reason = "withdrawn" }))).StatusCode);
        var teams = await Operator.StartAsync("test-review", new { customerId = NewCustomer() });

        var admin = _factory.CreateClient(TestPrincipals.KeyOf("Admin"));
        var audit = await (await admin.GetAsync($"/api/audit?instanceId={id}")).ReadObjectAsync();
        var entries = audit["items"]!.AsArray();
        Assert.Equal(["cancel", "start"], entries.Select(e => e!["action"]!.GetValue<string>()).Order());
        Assert.All(entries, e =>
        {
            Assert.Equal("acme-bot", e!["principal"]!.GetValue<string>());
            Assert.Equal("acme", e["data"]!["partner"]!.GetValue<string>());
        });
        var teamEntry = (await (await admin.GetAsync($"/api/audit?instanceId={teams}")).ReadObjectAsync())["items"]![0]!;
        Assert.Null(teamEntry["data"]?["partner"]);

        var journal = await (await Acme.GetAsync($"/api/instances/{id}/journal")).ReadObjectAsync();
        var started = journal["items"]!.AsArray().First(e => e!["kind"]!.GetValue<string>() == "InstanceStarted")!;
        Assert.Equal("acme", started["data"]!["partner"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("Admin", "acme")]
    [InlineData("Designer", "acme")]
    [InlineData("Operator", "acme corp")]
    [InlineData("Operator", "")]
    public void AScopedAdminOrDesigner_OrAPartnerNameThatIsNone_RefusesToStart(string role, string partner)
    {
        var settings = TestPrincipals.Settings();
        settings["Server:Principals:4:Name"] = "bad";
        settings["Server:Principals:4:Role"] = role;
        settings["Server:Principals:4:KeySha256"] = new string('a', 64);
        settings["Server:Principals:4:Partner"] = partner;
        using var factory = new ServerFactory(settings);
        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        Assert.Contains("Server:Principals:4", error.ToString(), StringComparison.Ordinal);
    }
}
