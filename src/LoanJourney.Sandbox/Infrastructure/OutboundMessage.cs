namespace LoanJourney.Sandbox.Infrastructure;

/// <summary>A POST the sandbox makes to someone else (v1 webhook, async handshake result).</summary>
/// <param name="Kind">What it is, for logs and the delivery record.</param>
/// <param name="OrderingKey">Messages with the same key are delivered one after another, in enqueue order.</param>
/// <param name="Url">Where to POST.</param>
/// <param name="Body">JSON body, already serialised.</param>
/// <param name="Headers">Extra headers (e.g. the webhook secret).</param>
/// <param name="Delay">Wait before the first attempt.</param>
internal sealed record OutboundMessage(
    string Kind,
    string OrderingKey,
    Uri Url,
    string Body,
    IReadOnlyDictionary<string, string> Headers,
    TimeSpan Delay);
