using System.Text;
using LoanJourney.Sandbox.Durability;
using Microsoft.Extensions.Options;

namespace LoanJourney.Sandbox.Infrastructure;

/// <summary>
/// Delivers <see cref="OutboundMessage"/>s: waits the message's delay, POSTs, and on a non-2xx answer or a
/// failed call retries with exponential back-off (the FinBox v1 webhook contract: at most 3 retries).
/// Messages sharing an ordering key go one after another; all waits use the injected <see cref="TimeProvider"/>.
/// </summary>
internal sealed class OutboundDispatcher(
    OutboundQueue queue,
    SandboxState state,
    IHttpClientFactory httpClientFactory,
    TimeProvider time,
    IOptions<SandboxOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<OutboundDispatcher> logger) : BackgroundService
{
    public const string HttpClientName = "LoanJourney.Sandbox.Outbound";

    private readonly Dictionary<string, Task> _tails = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // Messages kept from before a restart wait until this host listens: the embedded sandbox posts to its own server.
            await HostStarted.WaitAsync(lifetime, stoppingToken);
            await foreach (var (id, message, generation) in queue.Reader.ReadAllAsync(stoppingToken))
            {
                var previous = _tails.GetValueOrDefault(message.OrderingKey, Task.CompletedTask);
                _tails[message.OrderingKey] = ChainAsync(previous, id, message, generation, stoppingToken);
                foreach (var done in _tails.Where(t => t.Value.IsCompleted).Select(t => t.Key).ToList())
                {
                    _tails.Remove(done);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // host shutting down
        }
    }

    private async Task ChainAsync(Task previous, string id, OutboundMessage message, int generation, CancellationToken ct)
    {
        await previous;
        try
        {
            await queue.WhenReleasedAsync(ct);
            await DeliverAsync(id, message, generation, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // host shutting down
        }
    }

    private async Task DeliverAsync(string id, OutboundMessage message, int generation, CancellationToken ct)
    {
        if (message.Delay > TimeSpan.Zero)
        {
            await Task.Delay(message.Delay, time, ct);
        }

        var settings = options.Value;
        var client = httpClientFactory.CreateClient(HttpClientName);
        var attempts = 0;
        var status = 0;
        while (generation == queue.Generation)
        {
            attempts++;
            status = await PostAsync(client, message, ct);
            if (status is >= 200 and <= 299)
            {
                Complete(id, new OutboundDelivery(message.Kind, message.Url.ToString(), attempts, status, Delivered: true));
                SandboxLog.OutboundDelivered(logger, message.Kind, message.OrderingKey, status, attempts);
                return;
            }

            if (attempts > settings.WebhookMaxRetries)
            {
                break;
            }

            var backOff = settings.WebhookRetryBaseDelay * Math.Pow(2, attempts - 1);
            await Task.Delay(backOff, time, ct);
        }

        if (generation != queue.Generation)
        {
            return; // reset meanwhile: the message was dropped with everything else
        }

        Complete(id, new OutboundDelivery(message.Kind, message.Url.ToString(), attempts, status, Delivered: false));
        SandboxLog.OutboundGaveUp(logger, message.Kind, message.OrderingKey, status, attempts);
    }

    private void Complete(string id, OutboundDelivery delivery)
    {
        queue.Complete(id, delivery);
        state.Persist();
    }

    private static async Task<int> PostAsync(HttpClient client, OutboundMessage message, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, message.Url)
        {
            Content = new StringContent(message.Body, Encoding.UTF8, "application/json"),
        };
        foreach (var (name, value) in message.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        try
        {
            using var response = await client.SendAsync(request, ct);
            return (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return 0;
        }
    }
}
