using System.Net.Http.Json;
using System.Text.Json;
using LoanJourney.Lenders.CapitalFloat;
using LoanJourney.Lenders.Common;
using LoanJourney.Lenders.FinBoxPrism;
using LoanJourney.Lenders.FinBoxSourcing;
using LoanJourney.Lenders.PartnerToken;
using LoanJourney.Lenders.Tests.TestSupport;
using LoanJourney.Sandbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LoanJourney.Lenders.Tests.Contract;

/// <summary>
/// The sandbox on real Kestrel (127.0.0.1, port 0) with one processing poll, and the four clients built as production builds them:
/// <c>AddLenders(configuration)</c> with every <c>BaseUrl</c> pointing at it, so the resilience and recording handlers are in the path.
/// The only addition is <see cref="WireFaultHandler"/> at the wire, a no-op unless a test opens a <see cref="WireFault"/>.
/// The sandbox requires the same credentials the clients are configured with, so a wrong key is refused.
/// </summary>
public sealed class SandboxContractFixture : IAsyncLifetime
{
    public const int ProcessingPolls = 1;
    public const int KycActionPendingPolls = 2;

    private WebApplication _sandbox = null!;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Plain HTTP to the sandbox's control routes (<c>/sandbox/...</c>) and for raw requests the clients would refuse to send.</summary>
    public HttpClient Raw { get; private set; } = null!;

    public PostInbox Inbox { get; private set; } = null!;

    public ServiceProvider Services { get; private set; } = null!;

    public IFinBoxPrismClient Prism => Services.GetRequiredService<IFinBoxPrismClient>();

    public IFinBoxSourcingClient Sourcing => Services.GetRequiredService<IFinBoxSourcingClient>();

    public ICapitalFloatClient CapitalFloat => Services.GetRequiredService<ICapitalFloatClient>();

    public IPartnerTokenClient Partner => Services.GetRequiredService<IPartnerTokenClient>();

    public async Task InitializeAsync()
    {
        Inbox = await PostInbox.StartAsync();

        var builder = LoopbackApp.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sandbox:ProcessingPolls"] = ProcessingPolls.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Sandbox:KycActionPendingPolls"] = KycActionPendingPolls.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Sandbox:RandomSeed"] = "7",
            ["Sandbox:WebhookUrl"] = Inbox.WebhookUrl.AbsoluteUri,
            ["Sandbox:WebhookAutoAdvance"] = "false",
            ["Sandbox:WebhookRetryBaseDelay"] = "00:00:00.010",
            ["Sandbox:PartnerCallbackDelay"] = "00:00:00.010",
            ["Sandbox:ApiKeys:FinBoxV2"] = LenderTestServices.PrismApiKey,
            ["Sandbox:ApiKeys:FinBoxV1"] = LenderTestServices.SourcingApiKey,
            ["Sandbox:ApiKeys:CapitalFloat"] = LenderTestServices.CapitalFloatToken,
            ["Sandbox:ApiKeys:Partner"] = LenderTestServices.PartnerToken,
        });
        builder.Services.AddLenderSandbox(builder.Configuration);
        _sandbox = builder.Build();
        _sandbox.MapLenderSandbox();
        BaseAddress = await LoopbackApp.StartAsync(_sandbox);
        Raw = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(100) }; // HttpClient's default: an in-process answer took over 20 s at load 35
        await WaitUntilReadyAsync();

        Services = CreateClients();
    }

    /// <summary>The production registration against the sandbox; <paramref name="overrides"/> changes configuration (e.g. a wrong key).</summary>
    public ServiceProvider CreateClients(IReadOnlyDictionary<string, string?>? overrides = null) =>
        LenderTestServices.Create(BaseAddress, overrides: overrides, configure: services =>
        {
            foreach (var lender in new[] { LenderNames.FinBoxPrism, LenderNames.FinBoxSourcing, LenderNames.CapitalFloat, LenderNames.Partner })
            {
                services.AddHttpClient(lender).AddHttpMessageHandler(() => new WireFaultHandler());
            }
        });

    public async Task<IReadOnlyDictionary<string, int>> CountersAsync(string id) =>
        await Raw.GetFromJsonAsync<Dictionary<string, int>>($"sandbox/counters/{Uri.EscapeDataString(id)}") ?? [];

    public async Task<int> CountAsync(string id, string operation) =>
        (await CountersAsync(id)).GetValueOrDefault(operation);

    /// <summary>The OTP the borrower received for a block (the sandbox's inbox).</summary>
    public async Task<string> OtpAsync(string appId, string orderId)
    {
        using var inbox = await Raw.GetFromJsonAsync<JsonDocument>(
            $"sandbox/capitalfloat/otp?app_id={Uri.EscapeDataString(appId)}&order_id={Uri.EscapeDataString(orderId)}");
        return inbox!.RootElement.GetProperty("otp").GetString()!;
    }

    /// <summary>Moves a v1 application one step (the sandbox sends its webhook); the payload the sandbox reports.</summary>
    public async Task<JsonElement> AdvanceAsync(string customerId)
    {
        using var response = await Raw.PostAsync($"sandbox/finbox/users/{Uri.EscapeDataString(customerId)}/advance", null);
        response.EnsureSuccessStatusCode();
        using var payload = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return payload.RootElement.Clone();
    }

    /// <summary>A borrower's purchase on a v1 credit line (control route); the PROCESSING transaction's txnID.</summary>
    public async Task<string> PurchaseAsync(string customerId, decimal amount, string partnerTxnId)
    {
        using var response = await Raw.PostAsJsonAsync($"sandbox/finbox/users/{Uri.EscapeDataString(customerId)}/creditline/transactions", new { amount, partnerTxnID = partnerTxnId });
        response.EnsureSuccessStatusCode();
        using var txn = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return txn.RootElement.GetProperty("txnID").GetString()!;
    }

    public async Task<JsonElement> ControlAsync(string path)
    {
        using var document = await Raw.GetFromJsonAsync<JsonDocument>(path);
        return document!.RootElement.Clone();
    }

    private async Task WaitUntilReadyAsync()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            try
            {
                using var response = await Raw.GetAsync("sandbox/scenarios");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet: ask again.
            }
        }

        throw new InvalidOperationException("the sandbox did not become ready");
    }

    public async Task DisposeAsync()
    {
        await Services.DisposeAsync();
        Raw.Dispose();
        await _sandbox.StopAsync();
        await _sandbox.DisposeAsync();
        await Inbox.DisposeAsync();
    }
}
