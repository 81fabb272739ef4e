using System.Net;
using System.Text.Json.Nodes;
using LoanJourney.Server.Tests.Support;

namespace LoanJourney.Server.Tests.Auth;

/// <summary>
/// A child journey the engine starts (<c>Journey.RunChild</c>, as partner-handshake starts the loan journey) belongs to its
/// parent's partner (docs/server.md, "Partner scope"): the partner reads, lists and signals it, another partner gets the
/// 404 of an unknown id. Every view names the journey's partner (<c>partnerName</c>; docs/api.md).
/// </summary>
public sealed class PartnerChildTests : IDisposable
{
    private readonly ServerFactory _factory = new(Settings());

    public void Dispose() => _factory.Dispose();

    private HttpClient Acme => _factory.CreateClient(TestPrincipals.Scoped[0].Key);

    private HttpClient Zeta => _factory.CreateClient(TestPrincipals.Scoped[1].Key);

    private HttpClient Operator => _factory.CreateClient(TestPrincipals.KeyOf("Operator"));

    private static Dictionary<string, string?> Settings()
    {
        var settings = TestPrincipals.SettingsWithScoped();
        settings["Engine:DefinitionsDirectory"] = Path.Combine(AppContext.BaseDirectory, "PartnerChildWorkflows");
        return settings;
    }

    private static string NewCustomer() => "CUST-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task APartnersJourneysChild_IsThatPartners_ItReadsListsAndSignalsIt_AnotherPartnerGets404()
    {
        var parent = await Acme.StartAsync("test-child-parent", new { customerId = NewCustomer() });
        var parentView = await Acme.WaitForStatusAsync(parent, "Waiting");
        var child = parentView["variables"]!["childInstanceId"]!.GetValue<string>();

        // Before, the child had no partner: 404 for the partner whose journey started it.
        var childView = await Acme.WaitForStatusAsync(child, "Waiting");
        Assert.Equal("test-review", childView["workflowId"]!.GetValue<string>());
        Assert.Equal("acme", childView["partnerName"]!.GetValue<string>());
        Assert.Equal("acme", parentView["partnerName"]!.GetValue<string>());
        var unknown = await (await Zeta.GetAsync("/api/instances/no-such-id")).AssertProblemAsync(HttpStatusCode.NotFound);
        var refused = await (await Zeta.GetAsync($"/api/instances/{child}")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(unknown["code"]!.GetValue<string>(), refused["code"]!.GetValue<string>());
        Assert.Empty((await (await Zeta.GetAsync("/api/instances")).ReadObjectAsync())["items"]!.AsArray());

        // The partner's list holds both, each naming the partner; the team sees who it belongs to too.
        var items = (await (await Acme.GetAsync("/api/instances")).ReadObjectAsync())["items"]!.AsArray();
        Assert.Equal(new[] { parent, child }.Order(), items.Select(i => i!["id"]!.GetValue<string>()).Order());
        Assert.All(items, i => Assert.Equal("acme", i!["partnerName"]!.GetValue<string>()));
        Assert.Equal("acme", (await Operator.GetInstanceAsync(child))["partnerName"]!.GetValue<string>());

        // The partner answers its child's signal, and the parent ends with the child's outcome.
        Assert.Equal(HttpStatusCode.Accepted, (await Acme.PostAsync($"/api/instances/{child}/signals/decision", Api.Json(new { approved = true }))).StatusCode);
        var done = await Acme.WaitForStatusAsync(parent, "Completed");
        Assert.Equal("Disbursed", done["outcome"]!.GetValue<string>());
    }

    [Fact]
    public async Task TheTeamsJourneysChild_IsTheTeams_NoPartnerReadsIt_AndItsViewsNameNoPartner()
    {
        var parent = await Operator.StartAsync("test-child-parent", new { customerId = NewCustomer() });
        var parentView = await Operator.WaitForStatusAsync(parent, "Waiting");
        var child = parentView["variables"]!["childInstanceId"]!.GetValue<string>();

        var childView = await Operator.WaitForStatusAsync(child, "Waiting");
        Assert.Null(childView["partnerName"]);
        Assert.Null(parentView["partnerName"]);
        await (await Acme.GetAsync($"/api/instances/{child}")).AssertProblemAsync(HttpStatusCode.NotFound);
        var items = (await (await Operator.GetAsync("/api/instances")).ReadObjectAsync())["items"]!.AsArray();
        Assert.All(items, i => Assert.Null(i!["partnerName"]));
    }
}
