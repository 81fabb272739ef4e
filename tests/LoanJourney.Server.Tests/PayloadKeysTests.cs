using System.Net;
using System.Text.Json.Nodes;
using LoanJourney.Server.Tests.Support;
using System.Globalization;
using System.Xml.Linq;
using LoanJourney.Engine.Storage;
using LoanJourney.Server.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace LoanJourney.Server.Tests;

/// <summary>
/// A node whose Data Protection keys cannot decrypt the journeys in its database (a node that joined with a key ring of
/// its own, a database restored without its keys) says so and takes no work: not ready, every API call a 503 naming
/// Server:DataProtectionKeysPath, no journey claimed. Before, it claimed journeys it could not read, held their leases
/// until they ran out, and answered 500. With the right keys back it serves them again.
/// </summary>
public sealed class PayloadKeysTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("lj-keys-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task ANodeWithOtherKeys_IsNotReady_ClaimsNothing_AndSaysWhy_UntilItHasTheKeys()
    {
        string id;
        using (var writer = Node("keys-a"))
        {
            var api = writer.CreateApiClient();
            id = await api.StartAsync("test-review", new { customerId = "CUST-" + Guid.NewGuid().ToString("N")[..8] });
            await api.WaitForStatusAsync(id, "Waiting");
        }

        // The journey is due now (as a timer would make it): a node that could initialize would claim it.
        await ExecuteAsync($"UPDATE instances SET ready_at = 0 WHERE id = '{id}'");

        using (var stranger = Node("keys-b"))
        {
            var api = stranger.CreateApiClient();
            var ready = await stranger.CreateClient().GetAsync(new Uri("/health/ready", UriKind.Relative));
            var health = JsonNode.Parse(await ready.Content.ReadAsStringAsync())!;
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Contains("Server:DataProtectionKeysPath", health["error"]!.GetValue<string>(), StringComparison.Ordinal);

            var read = await api.GetAsync(new Uri($"/api/instances/{id}", UriKind.Relative));
            var problem = JsonNode.Parse(await read.Content.ReadAsStringAsync())!;
            Assert.Equal(HttpStatusCode.ServiceUnavailable, read.StatusCode);
            Assert.Equal("payload_keys_mismatch", problem["code"]!.GetValue<string>());
            Assert.Contains(id, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await api.PostAsync(new Uri($"/api/instances/{id}/signals/decision", UriKind.Relative),
                Api.Json(new { approved = true }))).StatusCode);
            Assert.Null(await ScalarAsync($"SELECT lease_owner FROM instances WHERE id = '{id}'"));

            // Not due any more (it waits for its signal), then the right keys put in place (copied into this node's folder):
            // ready again without a restart. Data Protection reads its key folder again when it meets a key it does not
            // know, and the engine initializes again on the next call.
            await ExecuteAsync($"UPDATE instances SET ready_at = NULL WHERE id = '{id}'");
            foreach (var file in Directory.GetFiles(Path.Combine(_directory, "keys-a")))
            {
                File.Copy(file, Path.Combine(_directory, "keys-b", Path.GetFileName(file)));
            }

            Assert.Equal(HttpStatusCode.OK, (await stranger.CreateClient().GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync(new Uri($"/api/instances/{id}", UriKind.Relative))).StatusCode);
        }

        using (var owner = Node("keys-a"))
        {
            var api = owner.CreateApiClient();
            Assert.Equal(HttpStatusCode.OK, (await owner.CreateClient().GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);
            var signalled = await api.PostAsync(new Uri($"/api/instances/{id}/signals/decision", UriKind.Relative), Api.Json(new { approved = true }));
            Assert.True(signalled.IsSuccessStatusCode, $"signal answered {(int)signalled.StatusCode}");
            await api.WaitForStatusAsync(id, "Completed");
        }
    }

    // Session 13: one journey this node cannot decrypt (written with a key the ring has lost, a damaged value) on a node
    // whose keys read the others: the dispatcher faults it with an incident the Studio's list shows, reading it answers
    // 503 payload_unreadable naming the setting (was a bare 500), its journal still reads; the other journey is untouched.
    [Fact]
    public async Task OneJourneyThisNodeCannotDecrypt_IsFaultedWithAnIncident_AndReadingItSaysWhy()
    {
        using var node = Node("keys-a");
        var api = node.CreateApiClient();
        var damaged = await api.StartAsync("test-review", new { customerId = "CUST-" + Guid.NewGuid().ToString("N")[..8] });
        var intact = await api.StartAsync("test-review", new { customerId = "CUST-" + Guid.NewGuid().ToString("N")[..8] });
        await api.WaitForStatusAsync(damaged, "Waiting");
        await api.WaitForStatusAsync(intact, "Waiting");

        await ExecuteAsync($"UPDATE instances SET input_json = 'enc:v1:%%% not this key ring''s %%%', ready_at = 0 WHERE id = '{damaged}'");

        var listed = await WaitUntilFaultedAsync(api, damaged);
        Assert.True(listed["hasIncident"]!.GetValue<bool>());
        Assert.Equal("payload_unreadable", await ScalarAsync($"SELECT error_kind FROM incidents WHERE instance_id = '{damaged}' AND resolved_at IS NULL"));
        Assert.Null(await ScalarAsync($"SELECT lease_owner FROM instances WHERE id = '{damaged}'"));

        var read = await api.GetAsync(new Uri($"/api/instances/{damaged}", UriKind.Relative));
        var problem = await read.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("payload_unreadable", problem["code"]!.GetValue<string>());
        Assert.Equal(damaged, problem["instanceId"]!.GetValue<string>());
        Assert.Contains("Server:DataProtectionKeysPath", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Waiting", (await api.GetInstanceAsync(intact))["status"]!.GetValue<string>());

        // Its journal is not encrypted: the operator can still read what happened to it.
        var journal = JsonNode.Parse(await api.GetStringAsync(new Uri($"/api/instances/{damaged}/journal", UriKind.Relative)))!;
        Assert.Contains(journal["items"]!.AsArray(), e => e!["kind"]!.GetValue<string>() == "InstanceStarted");
    }

    // One damaged journey is not a wrong key ring: a node whose newest journey cannot be decrypted, but the one before it
    // can, starts and faults the damaged one when it comes due. Before, the start-up check read the newest journey only,
    // and one damaged row kept the whole node from taking any work (503 payload_keys_mismatch on every call).
    [Fact]
    public async Task ANodeWhoseNewestJourneyIsDamaged_Starts_AndFaultsThatOne()
    {
        string older, newest;
        using (var node = Node("keys-a"))
        {
            var api = node.CreateApiClient();
            older = await api.StartAsync("test-review", new { customerId = "CUST-" + Guid.NewGuid().ToString("N")[..8] });
            await api.WaitForStatusAsync(older, "Waiting");
            newest = await api.StartAsync("test-review", new { customerId = "CUST-" + Guid.NewGuid().ToString("N")[..8] });
            await api.WaitForStatusAsync(newest, "Waiting");
        }

        await ExecuteAsync($"UPDATE instances SET input_json = 'enc:v1:%%% damaged %%%', ready_at = 0 WHERE id = '{newest}'");

        using var restarted = Node("keys-a");
        var client = restarted.CreateApiClient();
        Assert.Equal(HttpStatusCode.OK, (await restarted.CreateClient().GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);
        Assert.True((await WaitUntilFaultedAsync(client, newest))["hasIncident"]!.GetValue<bool>());
        Assert.Equal("Waiting", (await client.GetInstanceAsync(older))["status"]!.GetValue<string>());
    }

    // Session 14: the journeys a wrong key ring could read prove nothing. The newest journeys redacted (their payloads
    // emptied as retention or an erasure does, plaintext) and an older one encrypted: a node with other keys still refuses
    // to start. Before, the check read the newest journeys until one read, and a redacted one always did.
    [Fact]
    public async Task ANodeWithOtherKeys_IsNotReady_EvenWhenItsNewestJourneysAreRedacted()
    {
        var ids = new List<string>();
        using (var writer = Node("keys-a"))
        {
            var api = writer.CreateApiClient();
            for (var i = 0; i < 3; i++)
            {
                var id = await api.StartAsync("test-review", new { customerId = "CUST-" + Guid.NewGuid().ToString("N")[..8] });
                await api.WaitForStatusAsync(id, "Waiting");
                ids.Add(id);
            }
        }

        await ExecuteAsync($"UPDATE instances SET input_json = '{{}}', outputs_json = '{{}}', redacted_at = 1 WHERE id IN ('{ids[1]}', '{ids[2]}')");

        using var stranger = Node("keys-b");
        var ready = await stranger.CreateClient().GetAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var problem = await (await stranger.CreateApiClient().GetAsync(new Uri($"/api/instances/{ids[0]}", UriKind.Relative))).AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("payload_keys_mismatch", problem["code"]!.GetValue<string>());
        Assert.Contains(ids[0], problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    // The journey as the list shows it once it is Faulted (the list reads no encrypted column).
    private static async Task<JsonNode> WaitUntilFaultedAsync(HttpClient api, string id)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var page = JsonNode.Parse(await api.GetStringAsync(new Uri("/api/instances?status=Faulted", UriKind.Relative)))!;
            if (page["items"]!.AsArray().SingleOrDefault(i => i!["id"]!.GetValue<string>() == id) is { } listed)
            {
                return listed;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"journey {id} was not faulted"); // a safety net: ends as soon as it is
            await Task.Delay(25);
        }
    }

    // Session 32: the keys this server creates use AES-256-GCM (Data Protection's default, AES-256-CBC + HMAC-SHA256, costs
    // about 1.7 × the CPU per protected value). A key keeps the algorithms it was made with: a key ring made with the
    // default algorithms before (same application name and purpose) still reads, and the server's next key is GCM.
    [Fact]
    public async Task NewKeysUseAesGcm_AndValuesUnderAnOlderCbcKeyStillRead()
    {
        using (var fresh = Node("keys-fresh"))
        {
            var api = fresh.CreateApiClient();
            var id = await api.StartAsync("test-review", new { customerId = "CUST-" + Guid.NewGuid().ToString("N")[..8] });
            await api.WaitForStatusAsync(id, "Waiting");
            Assert.Equal(["AES_256_GCM"], EncryptionAlgorithms("keys-fresh"));
            Assert.StartsWith(PayloadProtection.Prefix, (string)(await ScalarAsync($"SELECT input_json FROM instances WHERE id = '{id}'"))!, StringComparison.Ordinal);
            Assert.Equal("Waiting", (await api.GetInstanceAsync(id))["status"]!.GetValue<string>());
        }

        const string Document = """{"pan":"ABCDE1234F","statement":"JVBERi0xLjQK"}""";
        var before = new ServiceCollection();
        before.AddDataProtection().SetApplicationName("LoanJourney.Server").PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(_directory, "keys-old")));
        string written;
        using (var provider = before.BuildServiceProvider())
        {
            written = PayloadProtection.Prefix + provider.GetRequiredService<IDataProtectionProvider>().CreateProtector(DataProtectionPayloadProtector.Purpose).Protect(Document);
        }

        Assert.Equal(["AES_256_CBC"], EncryptionAlgorithms("keys-old"));

        // That key's 90 days are over (its dates moved back): the server makes its next key, as Data Protection rotates.
        var keyFile = Directory.GetFiles(Path.Combine(_directory, "keys-old"), "key-*.xml").Single();
        var key = XDocument.Load(keyFile);
        var past = TimeProvider.System.GetUtcNow().AddDays(-100);
        foreach (var (element, at) in new[] { ("creationDate", past), ("activationDate", past), ("expirationDate", past.AddDays(90)) })
        {
            key.Root!.Element(element)!.Value = at.ToString("O", CultureInfo.InvariantCulture);
        }

        key.Save(keyFile);

        using var upgraded = Node("keys-old");
        var protector = upgraded.Services.GetRequiredService<IPayloadProtector>();
        Assert.Equal(Document, protector.Unprotect(written));
        var rewritten = protector.Protect(Document);
        Assert.Equal(["AES_256_CBC", "AES_256_GCM"], EncryptionAlgorithms("keys-old").Order(StringComparer.Ordinal));
        Assert.Equal(Document, protector.Unprotect(rewritten));
        Assert.Equal(Document, protector.Unprotect(written));
        Assert.NotEqual(KeyId(written), KeyId(rewritten));
    }

    private string[] EncryptionAlgorithms(string keys) =>
        [.. Directory.GetFiles(Path.Combine(_directory, keys), "key-*.xml")
            .Select(file => XDocument.Load(file).Descendants("encryption").Single().Attribute("algorithm")!.Value)];

    // A protected payload's bytes 4–19 are the id of the key that protected it (Data Protection's payload format).
    private static Guid KeyId(string stored) =>
        new(WebEncoders.Base64UrlDecode(stored[PayloadProtection.Prefix.Length..]).AsSpan(4, 16));

    private ServerFactory Node(string keys) => new(new Dictionary<string, string?>
    {
        ["Engine:DatabasePath"] = Path.Combine(_directory, "server.db"),
        ["Server:DataProtectionKeysPath"] = Path.Combine(_directory, keys),
    });

    private async Task ExecuteAsync(string sql) => await ScalarAsync(sql);

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "server.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? null : value;
    }
}
