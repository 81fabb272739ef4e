using System.Text.Json;
using System.Text.Json.Nodes;
using LoanJourney.Activities.Journey;
using LoanJourney.Engine.Activities;
using LoanJourney.Lenders.Common;
using LoanJourney.Lenders.PartnerToken;

namespace LoanJourney.Activities.Partner;

/// <summary>
/// Asks the partner to verify the customer (handshake). Status <c>1</c>: verified now; <c>2</c>: the answer is POSTed to our
/// callback (<c>Journeys:PublicBaseUrl</c> + <c>/webhooks/partner/handshake</c>), awaited on
/// <see cref="WebhookKeys.PartnerHandshake"/> with a timeout; negative: not verified (<c>Rejected</c>). The handshake id
/// is derived from the instance, so a re-run asks the same question. A partner's journey asks that partner's own API
/// (<see cref="PartnerApi"/>).
/// </summary>
[Activity("Partner.Handshake", Description = "Partner: handshake (1 sync, 2 async via our callback webhook, <0 rejected).", IsWait = true,
    Outcomes = ["Verified", "Rejected", "TimedOut"], Outputs = ["handshakeId", "verifiedCustomerRefId", "reason", "lenderCode"])]
[ActivityInput("capturedCustomerRefId", ActivityValueType.String, Required = true, Description = "The customer reference we captured.")]
[ActivityInput("customer", ActivityValueType.Object, Required = true, Description = "customer_attrs: email, phone, customer_name, business_name, addresses.")]
[ActivityInput("handshakeId", ActivityValueType.String, Description = "Handshake id (default: derived from the instance id).")]
[ActivityInput("timeout", ActivityValueType.Duration, Description = "How long to wait for an async answer (default 1 hour).")]
public sealed class HandshakeActivity(PartnerTokenClients partners, JourneyOptions options) : Activity
{
    /// <summary>Our callback path for async handshake answers.</summary>
    public const string CallbackPath = "/webhooks/partner/handshake";

    /// <summary>A handshake's id when the step is given none: this prefix and the journey's instance id.</summary>
    public const string DefaultHandshakeIdPrefix = "hs-";

    private const string TimeoutTimer = "timeout";

    /// <inheritdoc />
    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (partners.For(context.Partner) is not { } partner)
        {
            return PartnerApi.NotConfigured(context.Partner!);
        }

        var handshakeId = HandshakeId(context);
        if (context.Partner is { } owner && options.PartnerInboundSecrets && handshakeId != DefaultHandshakeIdPrefix + context.InstanceId)
        {
            return NotOwnHandshakeId(owner, context.InstanceId);
        }

        var request = new HandshakeRequest
        {
            HandshakeId = handshakeId,
            CapturedCustomerRefId = context.GetRequiredString("capturedCustomerRefId"),
            CustomerAttrs = context.GetInput<CustomerAttributes>("customer"),
            AsyncResultCallbackUrl = new Uri(options.PublicBaseUrl, HandshakeCallbackToken.CallbackPath(options.HandshakeCallbackKey, handshakeId)).AbsoluteUri,
        };
        var result = await LenderCalls.CallAsync(context, ct => partner.HandshakeAsync(request, ct));

        if (PartnerApi.IsMisconfigured(result.HttpStatus))
        {
            // 401/403/404/405: our key or path is wrong, whatever the body says (a {"status":"-1"} in it is no refusal), session 47.
            return PartnerApi.Misconfigured(context.Partner, "handshake", result);
        }

        // A negative status is the partner's refusal only in an answer its classifier did not call transient: a 5xx, 408 or 429
        // (a gateway in front of an unreachable partner API answering {"status":"-1","msg":"upstream connect error"}) says the
        // partner could not be asked, and goes to the step's retry and then an incident, never the Rejected outcome (session 47).
        if (result.Kind != LenderResultKind.RetryableFailure && PartnerStatuses.IsError(result.Body?.Status))
        {
            return Refused(result.Body!);
        }

        return LenderResultMapping.Map(context, result, options.PollInterval,
            r => Answer(context, r.Body!),
            _ => ActivityResult.Suspend(
                BookmarkRequest.Webhook(WebhookKeys.PartnerHandshake(handshakeId), "handshake"),
                BookmarkRequest.Timer(context.UtcNow + (context.GetOptionalDuration("timeout") ?? TimeSpan.FromHours(1)), TimeoutTimer)));
    }

    /// <inheritdoc />
    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Stimulus stimulus)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(stimulus);
        if (stimulus.Kind == BookmarkKind.Timer)
        {
            return ValueTask.FromResult(ActivityResult.Complete("TimedOut", new JsonObject { ["handshakeId"] = HandshakeId(context) }));
        }

        HandshakeResponse? answer;
        try
        {
            answer = stimulus.Payload?.Deserialize<HandshakeResponse>();
        }
        catch (JsonException)
        {
            answer = null;
        }

        return ValueTask.FromResult(answer is null
            ? ActivityResult.Fail("InvalidCallback", "The handshake callback is not a handshake answer.", retryable: false)
            : Answer(context, answer));
    }

    private static ActivityResult Answer(ActivityContext context, HandshakeResponse answer)
    {
        if (PartnerStatuses.IsError(answer.Status) || answer.Status != PartnerStatuses.Sync || string.IsNullOrEmpty(answer.VerifiedCustomerRefId))
        {
            return Refused(answer);
        }

        return ActivityResult.Complete("Verified", new JsonObject
        {
            ["handshakeId"] = HandshakeId(context),
            ["verifiedCustomerRefId"] = answer.VerifiedCustomerRefId,
        });
    }

    private static ActivityResult Refused(HandshakeResponse answer) =>
        ActivityResult.Complete(LenderResultMapping.Rejected, new JsonObject
        {
            ["reason"] = Pii.ScrubText(string.IsNullOrEmpty(answer.Msg) ? "handshake refused" : answer.Msg),
            ["lenderCode"] = answer.Status,
        });

    /// <summary>The error kind of a partner's journey whose step names a handshake id its partner's own secret could not answer.</summary>
    public const string HandshakeIdNotOwnKind = "HandshakeIdNotOwn";

    // Session 47 (docs/server.md, "Each partner's own inbound secret"): a callback is matched to its partner through the journey
    // its handshake id names (hs-<instance id>); any other id names no journey, so only the shared Webhook:Partner secret, which
    // another partner or the sandbox may hold, could answer it. Refused before anything is sent, as a missing partner API is.
    private static ActivityResult NotOwnHandshakeId(string partner, string instanceId) =>
        ActivityResult.Fail(HandshakeIdNotOwnKind,
            $"This is partner {partner}'s journey and partners have their own inbound secrets (Webhook:Partners), so its handshake id must be " +
            $"{DefaultHandshakeIdPrefix}{instanceId}, the journey's own: a callback is matched to its partner by the journey its id names, and the " +
            "step's handshakeId input names none, so only the shared Webhook:Partner secret could answer it. Nothing was sent. Remove the step's " +
            "handshakeId input (publish a version without it) and migrate this journey to it, or cancel it (docs/server.md, \"Each partner's own inbound secret\").",
            retryable: false);

    private static string HandshakeId(ActivityContext context) => context.GetOptionalString("handshakeId") ?? DefaultHandshakeIdPrefix + context.InstanceId;
}
