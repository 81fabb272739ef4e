using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using LoanJourney.Sandbox.Infrastructure;
using Microsoft.Extensions.Options;

namespace LoanJourney.Sandbox.FinBoxV1;

/// <summary>
/// Moves v1 applications through their scenario's steps and turns each step into a webhook delivery
/// (with the configured duplicates and shuffling). Steps come from the automatic driver or the advance endpoint.
/// </summary>
internal sealed class V1Journeys(FinBoxV1Store store, OutboundQueue outbound, ListeningAddress address, TimeProvider time, IOptions<SandboxOptions> options, ILogger<V1Journeys> logger)
{
    public const string SecretHeader = WebhookSigning.SecretHeader;
    public const string SignatureHeader = WebhookSigning.SignatureHeader;

    private readonly Channel<(string CustomerId, int Generation)> _started = Channel.CreateUnbounded<(string, int)>();

    public ChannelReader<(string CustomerId, int Generation)> Started => _started.Reader;

    public string Now() => time.GetUtcNow().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>Called under the store's gate when a user's first token is issued.</summary>
    public void Start(V1User user)
    {
        if (options.Value.WebhookAutoAdvance)
        {
            _started.Writer.TryWrite((user.CustomerId, store.Generation));
        }
    }

    /// <summary>Moves the user one step; <c>null</c> when the user is unknown, not started or already finished.</summary>
    public WebhookPayload? Advance(string customerId)
    {
        WebhookPayload payload;
        lock (store.Gate)
        {
            if (!store.Users.TryGetValue(customerId, out var user) || !user.TokenIssued || user.JourneyFinished)
            {
                return null;
            }

            user.Step++;
            var step = user.Scenario.V1Journey[user.Step];
            if (user.Step == 0)
            {
                user.LoanApplicationId = Guid.NewGuid().ToString();
                user.LoanApplicationNum = "FB" + time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
                user.LoanCreatedAt = Now();
            }

            user.Status = step.Status;
            payload = new WebhookPayload(user.CustomerId, "system", step.EventDescription, step.EventType, user.LoanApplicationId, Now(), user.JourneyType, user.Source);
            user.Activity.Add(payload);
            var send = Order(user, payload);
            SandboxLog.JourneyAdvanced(logger, customerId, step.Status, step.EventType);

            // Queued under the gate, so that a journey seen finished has its last webhook in the outbox (SandboxWebhookOutlook).
            foreach (var each in send)
            {
                Deliver(each);
            }
        }

        return payload;
    }

    /// <summary>Whether a started, unfinished v1 journey will post more webhooks by itself (auto-advance on, webhooks posted somewhere).
    /// Called under the store's gate.</summary>
    public bool WillPost(V1User user) =>
        user.TokenIssued && !user.JourneyFinished && options.Value.WebhookAutoAdvance && WebhookUrl() is not null;

    /// <summary>An activity outside the application's steps (user created, eligibility calculated): recorded and posted as it happens.
    /// Called under the store's gate; posting only enqueues.</summary>
    public void Record(V1User user, WebhookPayload payload)
    {
        user.Activity.Add(payload);
        Deliver(payload);
    }

    /// <summary>Shuffle swaps each pair of consecutive events: the first is held until the second is sent.</summary>
    private List<WebhookPayload> Order(V1User user, WebhookPayload payload)
    {
        if (!options.Value.WebhookShuffle)
        {
            return [payload];
        }

        if (user.Held is { } held)
        {
            user.Held = null;
            return [payload, held];
        }

        if (user.JourneyFinished)
        {
            return [payload];
        }

        user.Held = payload;
        return [];
    }

    private void Deliver(WebhookPayload payload)
    {
        var settings = options.Value;
        if (WebhookUrl() is not { } url)
        {
            return;
        }

        var body = JsonSerializer.Serialize(payload, WireJson.Options);
        var headers = WebhookSigning.Headers(settings.WebhookSecret, body);

        var copies = settings.WebhookDuplicates ? 2 : 1;
        for (var i = 0; i < copies; i++)
        {
            outbound.Enqueue(new OutboundMessage("webhook", payload.CustomerId, url, body, headers, TimeSpan.Zero));
        }
    }

    // Where webhooks are posted; null when they are not (no URL, or dropped).
    private Uri? WebhookUrl()
    {
        var settings = options.Value;
        return settings.WebhookDrop ? null
            : settings.WebhookUrl ?? (string.IsNullOrWhiteSpace(settings.WebhookPath) ? null : address.Resolve(settings.WebhookPath));
    }
}
