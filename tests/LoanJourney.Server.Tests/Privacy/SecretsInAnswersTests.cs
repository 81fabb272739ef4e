using System.Net;
using System.Text.Json.Nodes;
using LoanJourney.Server.Tests.Support;
using Microsoft.Data.Sqlite;

namespace LoanJourney.Server.Tests.Privacy;

/// <summary>
/// Credentials in a journey's data (docs/server.md, "Secrets in answers"), over real HTTP: every principal of the team (each
/// role, and the unscoped legacy key) reads them masked, in the journey's detail, its journal, the list, the live feed and a
/// draft's test run; the partner-scoped principal whose journey it is reads them whole; a masked value sent back is refused.
/// Before session 53 the server sent them whole to anyone who could read a journey, and only the Studio masked them.
/// </summary>
public sealed class SecretsInAnswersTests(SecretsInAnswersTests.SecretsServer fixture) : IClassFixture<SecretsInAnswersTests.SecretsServer>
{
    private const string Workflow = "test-secrets";
    private const string SessionToken = "sess-7f3a-acme-9876";
    private const string SdkToken = "sdk-tok-5b1c-2468";
    private const string PartnerApiKey = "pk_live_acme_5555";
    private const string Otp = "112233";
    private const string LoginPin = "PIN-4321-9870";
    private const string AccessToken = "at-eyJhbGci-1357";
    private const string ClientSecret = "cs_live_0000abcd";
    private static readonly string[] Raw = [SessionToken, SdkToken, PartnerApiKey, Otp, LoginPin, AccessToken, ClientSecret];

    /// <summary>The server with the embedded sandbox (test runs), every role's principal, the partners' and the legacy key.</summary>
    public sealed class SecretsServer : IDisposable
    {
        public SandboxKestrelServer Server { get; } = new(null, Settings());

        private static Dictionary<string, string?> Settings()
        {
            var settings = TestPrincipals.SettingsWithScoped();
            settings["Engine:DefinitionsDirectory"] = Path.Combine(AppContext.BaseDirectory, "SecretWorkflows");
            return settings;
        }

        public void Dispose() => Server.Dispose();
    }

    /// <summary>Every team principal: the five roles and the unscoped legacy key (<c>Server:ApiKeys</c>).</summary>
    public static TheoryData<string> TeamKeys()
    {
        var keys = new TheoryData<string>();
        foreach (var (_, _, key) in TestPrincipals.All)
        {
            keys.Add(key);
        }

        keys.Add(ServerFactory.ApiKey);
        return keys;
    }

    private HttpClient Client(string key) => fixture.Server.CreateClient(key);

    private HttpClient Acme => Client(TestPrincipals.Scoped[0].Key);

    private static string Masked(string secret) => "••••" + secret[^4..];

    [Theory]
    [MemberData(nameof(TeamKeys))]
    public async Task EveryTeamPrincipal_ReadsTheCredentialsMasked_InTheDetailJournalListAndFeed(string key)
    {
        var id = await StartWithSessionAsync();
        var team = Client(key);

        var detail = await ReadOkAsync(team, $"/api/instances/{id}");
        var shown = JsonNode.Parse(detail)!;
        Assert.Equal(Masked(SessionToken), shown["variables"]!["partner"]!["sessionToken"]!.GetValue<string>());
        Assert.Equal("https://partner.example/s/1", shown["variables"]!["partner"]!["sessionUrl"]!.GetValue<string>());
        Assert.Equal(Masked(PartnerApiKey), shown["variables"]!["partnerApiKey"]!.GetValue<string>());
        Assert.Equal(Masked(SdkToken), shown["partner"]!["token"]!.GetValue<string>());
        Assert.Equal(Masked(LoginPin), shown["input"]!["portal"]!["loginPin"]!.GetValue<string>());
        Assert.True(shown["input"]!["portal"]!["remembered"]!.GetValue<bool>());
        AssertNoRawSecret(detail);

        var journal = await ReadOkAsync(team, $"/api/instances/{id}/journal?take=500");
        var call = JsonNode.Parse(journal)!["items"]!.AsArray().Single(e => e!["kind"]!.GetValue<string>() == "LenderCall")!;
        Assert.Equal(Masked(AccessToken), call["data"]!["response"]!["data"]!["accessToken"]!.GetValue<string>());
        Assert.Equal(Masked(ClientSecret), call["data"]!["request"]!["client_secret"]!.GetValue<string>());
        Assert.Equal("CUST-LENDER-1", call["data"]!["request"]!["customerID"]!.GetValue<string>());
        AssertNoRawSecret(journal);

        var list = await ReadOkAsync(team, $"/api/instances?workflowId={Workflow}&take=200");
        Assert.Contains(id, list, StringComparison.Ordinal);
        AssertNoRawSecret(list);

        // The feed carries the list's summaries (no journey data): nothing in it may carry a credential either.
        using var feed = await OpenFeedAsync(Client(key));
        Assert.Equal(HttpStatusCode.Accepted, (await Acme.PostAsync($"/api/instances/{id}/signals/decision", Api.Json(new { approved = true }))).StatusCode);
        var pushed = await ReadFeedUntilAsync(feed, id);
        AssertNoRawSecret(pushed);
    }

    [Fact]
    public async Task ThePartnerWhoseJourneyItIs_ReadsItsCredentialsWhole_AnotherPartnerGets404AsBefore()
    {
        var id = await StartWithSessionAsync();

        foreach (var partner in new[] { Acme, Client(TestPrincipals.Scoped[2].Key) }) // acme's Operator and its Viewer
        {
            var shown = JsonNode.Parse(await ReadOkAsync(partner, $"/api/instances/{id}"))!;
            Assert.Equal(SdkToken, shown["partner"]!["token"]!.GetValue<string>());
            Assert.Equal(SessionToken, shown["variables"]!["partner"]!["sessionToken"]!.GetValue<string>());
            Assert.Equal(PartnerApiKey, shown["variables"]!["partnerApiKey"]!.GetValue<string>());
            Assert.Equal(LoginPin, shown["input"]!["portal"]!["loginPin"]!.GetValue<string>());
            var call = JsonNode.Parse(await ReadOkAsync(partner, $"/api/instances/{id}/journal?take=500"))!["items"]!.AsArray()
                .Single(e => e!["kind"]!.GetValue<string>() == "LenderCall")!;
            Assert.Equal(AccessToken, call["data"]!["response"]!["data"]!["accessToken"]!.GetValue<string>());
        }

        var zeta = Client(TestPrincipals.Scoped[1].Key);
        await (await zeta.GetAsync($"/api/instances/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await zeta.GetAsync($"/api/instances/{id}/journal")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("Designer")]
    [InlineData("Admin")]
    [InlineData("legacy")]
    public async Task ADraftsTestRun_AnswersItsCredentialsMasked_AsProductionWouldShowThem(string who)
    {
        var designer = Client(who == "legacy" ? ServerFactory.ApiKey : TestPrincipals.KeyOf(who));
        var definition = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "SecretWorkflows", Workflow + ".json"));
        var imported = await designer.PostAsync("/api/workflows/import", Api.Json(definition));
        Assert.True(imported.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, await imported.Content.ReadAsStringAsync());

        var request = new JsonObject
        {
            ["input"] = new JsonObject { ["customerId"] = "CUST-TESTRUN-1", ["portal"] = new JsonObject { ["loginPin"] = LoginPin } },
            ["signals"] = new JsonObject { ["session"] = SessionPayload(), ["decision"] = new JsonObject { ["approved"] = true } },
        };
        var response = await designer.PostAsync($"/api/workflows/{Workflow}/draft/test-runs", Api.Json(request.ToJsonString()));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var run = JsonNode.Parse(body)!["scenarios"]!.AsArray().Single()!;
        Assert.Equal("Completed", run["status"]!.GetValue<string>());
        var session = run["path"]!.AsArray().First(p => p!["stepId"]!.GetValue<string>() == "session")!;
        Assert.Equal(Masked(SessionToken), session["output"]!["payload"]!["partner"]!["sessionToken"]!.GetValue<string>());
        Assert.Equal(Masked(PartnerApiKey), session["output"]!["payload"]!["partnerApiKey"]!.GetValue<string>());
        Assert.Equal(Masked(SessionToken), run["variables"]!["partner"]!["sessionToken"]!.GetValue<string>());
        Assert.Equal(Masked(PartnerApiKey), run["variables"]!["partnerApiKey"]!.GetValue<string>());
        AssertNoRawSecret(body);
    }

    [Fact]
    public async Task SettingVariables_WithAMaskedCredentialReadBack_Is400NamingIt_AndTheCredentialIsKept()
    {
        var id = await StartWithSessionAsync();
        var @operator = Client(TestPrincipals.KeyOf("Operator"));
        var shown = JsonNode.Parse(await ReadOkAsync(@operator, $"/api/instances/{id}"))!;

        // The partner object as the answer showed it (its sessionToken masked), and a key typed in as it was shown.
        var readBack = new JsonObject { ["set"] = new JsonObject { ["partner"] = shown["variables"]!["partner"]!.DeepClone() }, ["reason"] = "fix the session url" };
        await (await @operator.PostAsync($"/api/instances/{id}/alterations/variables", Api.Json(readBack.ToJsonString())))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "set.partner.sessionToken");
        await (await @operator.PostAsync($"/api/instances/{id}/alterations/variables", Api.Json(new { set = new { partnerApiKey = Masked(PartnerApiKey) }, reason = "rotate" })))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "set.partnerApiKey");

        var whole = JsonNode.Parse(await ReadOkAsync(Acme, $"/api/instances/{id}"))!;
        Assert.Equal(SessionToken, whole["variables"]!["partner"]!["sessionToken"]!.GetValue<string>());
        Assert.Equal(PartnerApiKey, whole["variables"]!["partnerApiKey"]!.GetValue<string>());

        // A credential typed in whole replaces the old one.
        var set = await @operator.PostAsync($"/api/instances/{id}/alterations/variables", Api.Json(new { set = new { partnerApiKey = "pk_live_acme_7777" }, reason = "rotate" }));
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal("pk_live_acme_7777", JsonNode.Parse(await ReadOkAsync(Acme, $"/api/instances/{id}"))!["variables"]!["partnerApiKey"]!.GetValue<string>());
    }

    // Session 54: a journey variable named exactly "token" (the SDK token partner.token shows), and an "otp" below a
    // variable, were removed from every answer by the PII masker's exact-name rule, the partner's own included, while
    // partner.token showed. They are credentials like the others: masked for the team, whole for the partner.
    [Theory]
    [MemberData(nameof(TeamKeys))]
    public async Task AVariableNamedToken_IsMaskedForTheTeam_WholeForItsPartner_NeverRemoved(string key)
    {
        var id = await StartWithSessionAsync();

        var team = JsonNode.Parse(await ReadOkAsync(Client(key), $"/api/instances/{id}"))!;
        Assert.Equal(Masked(SdkToken), team["variables"]!["token"]?.GetValue<string>());
        Assert.Equal(Masked(Otp), team["variables"]!["partner"]!["limits"]![0]!["otp"]?.GetValue<string>());
        Assert.Equal(team["partner"]!["token"]!.GetValue<string>(), team["variables"]!["token"]!.GetValue<string>());

        var own = JsonNode.Parse(await ReadOkAsync(Acme, $"/api/instances/{id}"))!;
        Assert.Equal(SdkToken, own["variables"]!["token"]?.GetValue<string>());
        Assert.Equal(Otp, own["variables"]!["partner"]!["limits"]![0]!["otp"]?.GetValue<string>());
        Assert.Equal(SdkToken, own["partner"]!["token"]!.GetValue<string>());
    }

    // Session 54: a masked value copied from an answer and sent back in a start's input or a signal's body was taken as the
    // credential itself (only the alteration of variables refused it). A 400 naming each field; nothing is started or signalled.
    [Fact]
    public async Task AStartOrASignalCarryingAMaskedCredential_Is400NamingTheField_AndNothingIsCommitted()
    {
        var key = "masked-start-" + Guid.NewGuid().ToString("N")[..8];
        var customerId = "CUST-" + Guid.NewGuid().ToString("N")[..8];
        using var maskedStart = new HttpRequestMessage(HttpMethod.Post, $"/api/workflows/{Workflow}/instances")
        {
            Content = Api.Json(new { customerId, portal = new { loginPin = Masked(LoginPin), remembered = true } }),
        };
        maskedStart.Headers.Add("Idempotency-Key", key);
        var startProblem = await (await Acme.SendAsync(maskedStart)).AssertProblemAsync(HttpStatusCode.BadRequest, "portal.loginPin");
        Assert.Equal(["portal.loginPin"], startProblem["errors"]!.AsObject().Select(e => e.Key));
        Assert.Contains("masked", startProblem["errors"]!["portal.loginPin"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain(LoginPin[^4..], startProblem.ToJsonString(), StringComparison.Ordinal);

        // Nothing was started under the key: the same key with the PIN itself starts a journey (202), not a replay of one (200).
        using var realStart = new HttpRequestMessage(HttpMethod.Post, $"/api/workflows/{Workflow}/instances")
        {
            Content = Api.Json(new { customerId, portal = new { loginPin = LoginPin, remembered = true } }),
        };
        realStart.Headers.Add("Idempotency-Key", key);
        var started = await Acme.SendAsync(realStart);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var id = (await started.ReadObjectAsync())["id"]!.GetValue<string>();
        await Acme.WaitForStatusAsync(id, "Waiting");
        var journalBefore = await ReadOkAsync(Acme, $"/api/instances/{id}/journal?take=500");

        // The session as an answer showed it (its token and key masked) sent back as the signal: refused, naming each.
        var readBack = SessionPayload();
        readBack["partner"]!["sessionToken"] = Masked(SessionToken);
        readBack["token"] = Masked(SdkToken);
        var signalProblem = await (await Acme.PostAsync($"/api/instances/{id}/signals/session", Api.Json(readBack.ToJsonString())))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "partner.sessionToken");
        Assert.Equal(["partner.sessionToken", "token"], signalProblem["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(SdkToken[^4..], signalProblem.ToJsonString(), StringComparison.Ordinal);

        // A bare value sent to a signal named for a credential (a client posting the OTP as the body) is judged as that credential.
        await (await Acme.PostAsync($"/api/instances/{id}/signals/otp", Api.Json("\"••••2233\""))).AssertProblemAsync(HttpStatusCode.BadRequest, "body");

        var waiting = await Acme.GetInstanceAsync(id);
        Assert.Equal(("Waiting", "session"), (waiting["status"]!.GetValue<string>(), waiting["currentStep"]!.GetValue<string>()));
        Assert.Equal(journalBefore, await ReadOkAsync(Acme, $"/api/instances/{id}/journal?take=500"));

        // The session itself is taken.
        Assert.Equal(HttpStatusCode.Accepted, (await Acme.PostAsync($"/api/instances/{id}/signals/session", Api.Json(SessionPayload().ToJsonString()))).StatusCode);

        // No masked value sent is in a log line, as written or JSON-escaped.
        var logs = await fixture.Server.ReadLogsAsync();
        Assert.Contains("/signals/session", logs, StringComparison.Ordinal);
        foreach (var last in new[] { LoginPin[^4..], SessionToken[^4..], SdkToken[^4..], "2233" })
        {
            Assert.DoesNotContain("••••" + last, logs, StringComparison.Ordinal);
            Assert.DoesNotContain("\\u2022\\u2022\\u2022\\u2022" + last, logs, StringComparison.Ordinal);
        }
    }

    private static JsonObject SessionPayload() => new()
    {
        ["partner"] = new JsonObject
        {
            ["sessionToken"] = SessionToken,
            ["sessionUrl"] = "https://partner.example/s/1",
            ["limits"] = new JsonArray(new JsonObject { ["otp"] = Otp, ["amount"] = 5000 }),
        },
        ["partnerApiKey"] = PartnerApiKey,
        ["token"] = SdkToken,
    };

    // Acme's journey, waiting for its decision with the session kept in its variables, and one lender call in its journal
    // whose bodies carry credentials (written as the engine writes a LenderCall entry: no activity here calls a lender).
    private async Task<string> StartWithSessionAsync()
    {
        var id = await Acme.StartAsync(Workflow, new { customerId = "CUST-" + Guid.NewGuid().ToString("N")[..8], portal = new { loginPin = LoginPin, remembered = true } });
        await Acme.WaitForStatusAsync(id, "Waiting");
        Assert.Equal(HttpStatusCode.Accepted, (await Acme.PostAsync($"/api/instances/{id}/signals/session", Api.Json(SessionPayload().ToJsonString()))).StatusCode);
        await Acme.WaitAtStepAsync(id, "review");

        var data = new JsonObject
        {
            ["lender"] = "FinBoxSourcing", ["operation"] = "FinBoxSdk.Session", ["method"] = "POST", ["path"] = "/v1/session", ["httpStatus"] = 200,
            ["request"] = new JsonObject { ["customerID"] = "CUST-LENDER-1", ["client_secret"] = ClientSecret },
            ["response"] = new JsonObject { ["data"] = new JsonObject { ["accessToken"] = AccessToken, ["expiresIn"] = 3600 } },
        };
        using var connection = new SqliteConnection($"Data Source={Path.Combine(fixture.Server.DataDirectory, "server.db")};Pooling=False");
        connection.Open();
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO journal (instance_id, at, kind, step_id, attempt, data_json) VALUES ($id, $at, 'LenderCall', 'session', 1, $data)";
        insert.Parameters.AddWithValue("$id", id);
        insert.Parameters.AddWithValue("$at", TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds());
        insert.Parameters.AddWithValue("$data", data.ToJsonString());
        insert.ExecuteNonQuery();
        return id;
    }

    private static async Task<string> ReadOkAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
        return body;
    }

    private static void AssertNoRawSecret(string body)
    {
        foreach (var secret in Raw)
        {
            Assert.DoesNotContain(secret, body, StringComparison.Ordinal);
        }
    }

    private static async Task<StreamReader> OpenFeedAsync(HttpClient client)
    {
        var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/events"), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.StartsWith(":", await reader.ReadLineAsync());
        return reader;
    }

    // The feed's lines up to the first event naming the journey (a safety net of 60 s, never a timed assertion).
    private static async Task<string> ReadFeedUntilAsync(StreamReader feed, string id)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var read = new System.Text.StringBuilder();
        while (await feed.ReadLineAsync(deadline.Token) is { } line)
        {
            read.AppendLine(line);
            if (line.StartsWith("data: ", StringComparison.Ordinal) && line.Contains(id, StringComparison.Ordinal))
            {
                return read.ToString();
            }
        }

        Assert.Fail("The feed ended before an event named the journey: " + read);
        return "";
    }
}
