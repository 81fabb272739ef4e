using System.Text;
using System.Text.Json.Nodes;
using LoanJourney.Lenders.Common;
using LoanJourney.Server.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

namespace LoanJourney.Server.Tests.Auth;

/// <summary>
/// A partner's outbound settings (<c>Lenders:Partners:&lt;partner&gt;</c>) follow a configuration reload (docs/server.md, "Each
/// partner's own partner API", "Changing them"): rotating its <c>Authorization</c> or <c>SigningSecret</c>, or moving its
/// <c>BaseUrl</c>, in a real file the server watches takes effect without a restart, and a section removed stops its journeys on
/// <c>PartnerApiNotConfigured</c>. Until session 46 they were read at start only.
/// </summary>
public sealed class PartnerOutboundReloadTests : IAsyncLifetime, IDisposable
{
    private static readonly string Signing1 = "whsec_" + Convert.ToBase64String(Encoding.ASCII.GetBytes("first-signing-key-0123456789abcd"));
    private static readonly string Signing2 = "whsec_" + Convert.ToBase64String(Encoding.ASCII.GetBytes("second-signing-key-0123456789abc"));

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "lj-partnerreload-" + Guid.NewGuid().ToString("N"));
    private PartnerApiReceiver _before = null!;
    private PartnerApiReceiver _after = null!;
    private ServerFactory? _server;

    public async Task InitializeAsync()
    {
        _before = await PartnerApiReceiver.StartAsync();
        _after = await PartnerApiReceiver.StartAsync();
        Directory.CreateDirectory(_directory);
    }

    public void Dispose() => _server?.Dispose();

    public async Task DisposeAsync()
    {
        _server?.Dispose();
        await _before.DisposeAsync();
        await _after.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // a file still held
        }
    }

    private void Write(JsonObject? acme)
    {
        var partners = new JsonObject { ["zeta"] = new JsonObject { ["BaseUrl"] = _before.BaseUrl.AbsoluteUri, ["Authorization"] = "zeta-key" } };
        if (acme is not null)
        {
            partners["acme"] = acme;
        }

        var path = Path.Combine(_directory, "partners.json");
        File.WriteAllText(path + ".tmp", new JsonObject { ["Lenders"] = new JsonObject { ["Partners"] = partners } }.ToJsonString());
        File.Move(path + ".tmp", path, overwrite: true);
    }

    [Fact]
    public async Task RotatingAPartnersKeySigningSecretAndAddress_InAWatchedFile_TakesEffectWithoutARestart_AndARemovedSectionFailsClosed()
    {
        Write(new JsonObject { ["BaseUrl"] = _before.BaseUrl.AbsoluteUri, ["Authorization"] = "acme-key-1", ["SigningSecret"] = Signing1 });
        var files = new PhysicalFileProvider(_directory) { UsePollingFileWatcher = true, UseActivePolling = true };
        var settings = PartnerOutbound.Settings();
        // acme's section exists at start (its client is registered then; the file below is read after the registrations), as
        // a deployment's would; everything that matters comes from the watched file.
        settings["Lenders:Partners:acme:TokenSharePath"] = "application/token";
        _server = new ServerFactory(settings) { ConfigureConfiguration = c => c.AddJsonFile(files, "partners.json", optional: false, reloadOnChange: true) };
        _server.UseKestrelOnLoopback();
        _server.StartServer();
        var acme = _server.CreateClient(TestPrincipals.Scoped[0].Key);
        var team = _server.CreateClient(TestPrincipals.KeyOf("Operator"));

        var first = await acme.StartAsync("test-partner-outbound", new { capturedCustomerRefId = "CAP-1", phone = "9876543210", partnerToken = "TOK-1" });
        await acme.WaitForStatusAsync(first, "Completed");
        var sent = _before.Raw.Where(r => r.Path == "/application/token").ToList();
        Assert.Equal("acme-key-1", Assert.Single(sent).Headers["Authorization"].ToString());
        new StandardWebhook(Signing1).Verify(sent[0].RawBody, sent[0].Headers);

        // The partner rotated its key and our signing secret, and moved its API: one file change, no restart.
        Write(new JsonObject { ["BaseUrl"] = _after.BaseUrl.AbsoluteUri, ["Authorization"] = "acme-key-2", ["SigningSecret"] = Signing2 });
        var monitor = _server.Services.GetRequiredService<IOptionsMonitor<LenderOptions>>();
        await WaitUntilAsync(() => monitor.Get("Partners:acme").Authorization == "acme-key-2");

        var second = await acme.StartAsync("test-partner-outbound", new { capturedCustomerRefId = "CAP-2", phone = "9876543210", partnerToken = "TOK-2" });
        await acme.WaitForStatusAsync(second, "Completed");
        Assert.Equal(["/handshake/token", "/application/token"], _after.Raw.Select(r => r.Path));
        Assert.All(_after.Raw, r => Assert.Equal("acme-key-2", r.Headers["Authorization"].ToString()));
        var share = _after.Raw.Last();
        new StandardWebhook(Signing2).Verify(share.RawBody, share.Headers);
        Assert.Throws<WebhookVerificationException>(() => new StandardWebhook(Signing1).Verify(share.RawBody, share.Headers));
        Assert.Equal(2, _before.Raw.Count); // nothing more went to the old address

        // acme's section removed (all but the start's TokenSharePath): its next journey stops on the incident and sends nothing (no fallback to anyone's API).
        Write(null);
        await WaitUntilAsync(() => monitor.Get("Partners:acme").BaseUrl is null);
        var third = await acme.StartAsync("test-partner-outbound", new { capturedCustomerRefId = "CAP-3", phone = "9876543210", partnerToken = "TOK-3" });
        Assert.Equal("PartnerApiNotConfigured", (await team.WaitForStatusAsync(third, "Faulted"))["incident"]!["errorKind"]!.GetValue<string>());
        Assert.Equal(2, _before.Raw.Count);
        Assert.Equal(2, _after.Raw.Count);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        // The file is polled every 4 s: wait for the server to have read it, not for a fixed time.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!condition())
        {
            await Task.Delay(100, timeout.Token);
        }
    }
}
