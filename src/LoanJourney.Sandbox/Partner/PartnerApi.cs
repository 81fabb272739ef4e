using System.Text.Json;
using LoanJourney.Sandbox.Infrastructure;
using LoanJourney.Sandbox.Scenarios;
using Microsoft.Extensions.Options;

namespace LoanJourney.Sandbox.Partner;

/// <summary>
/// The sourcing partner's side: token shares at <c>/application/token</c> (and <c>/apps/token</c>, which the
/// doc's curl uses) and handshakes at <c>/handshake/token</c>, answered per the phone's scenario row.
/// </summary>
internal static class PartnerApi
{
    public static void MapPartner(this IEndpointRouteBuilder lenderRoot)
    {
        // The team's API at the root, and each partner's at /partners/<partner>: the same API, whose async handshake results are
        // signed with that partner's own callback secret (SandboxOptions.PartnerCallbackSecrets).
        foreach (var partner in new[] { lenderRoot.MapLenderGroup(LenderFamily.Partner), lenderRoot.MapGroup("/partners/{partner}").MapLenderGroup(LenderFamily.Partner) })
        {
            partner.MapPost("/application/token", ShareToken);
            partner.MapPost("/apps/token", ShareToken);
            partner.MapPost("/handshake/token", Handshake);
        }
    }

    private static IResult Error(string status, string msg) => WireJson.Json(new { status, msg });

    private static async Task<IResult> ShareToken(HttpRequest request, PartnerStore store, RequestCounters counters, TimeProvider time)
    {
        var body = await WireJson.TryReadAsync<TokenShareRequest>(request);
        if (body is null)
        {
            return Error("-1", "invalid json");
        }

        if (string.IsNullOrWhiteSpace(body.VerifiedCustomerRefId) || body.FinalApproval is null)
        {
            return Error("-1", "verified_customer_ref_id and final_approval are required");
        }

        if (body.FinalApproval == true && string.IsNullOrWhiteSpace(body.XPartnerToken))
        {
            return Error("-1", "x_partner_token is required when final_approval is true");
        }

        var decision = store.Add(counters.Book, new ReceivedTokenShare(request.Path, time.GetUtcNow(), body));
        counters.Increment(body.VerifiedCustomerRefId, decision ? CallCounters.TokenShare : CallCounters.TokenShareDuplicate);
        return WireJson.Json(new { status = "1", msg = "" });
    }

    private static async Task<IResult> Handshake(HttpRequest request, PartnerStore store, OutboundQueue outbound, IOptions<SandboxOptions> options)
    {
        var body = await WireJson.TryReadAsync<HandshakeRequest>(request);
        if (body is null)
        {
            return Error("-1", "invalid json");
        }

        if (string.IsNullOrWhiteSpace(body.HandshakeId) || string.IsNullOrWhiteSpace(body.CapturedCustomerRefId) || body.CustomerAttrs is null)
        {
            return Error("-1", "handshake_id, captured_customer_ref_id and customer_attrs are required");
        }

        store.Add(RequestCounters.BookOf(request), body);
        var mode = ScenarioTable.For(body.CustomerAttrs.Phone).Handshake;
        var verified = new HandshakeAnswer("1", body.CapturedCustomerRefId, body.CapturedCustomerRefId, body.HandshakeId, "", body.CustomerAttrs);
        var refused = new HandshakeAnswer("-2", body.CapturedCustomerRefId, "", body.HandshakeId, "customer not found", null);
        if (mode is HandshakeMode.Sync or HandshakeMode.Error)
        {
            return WireJson.Json(mode == HandshakeMode.Sync ? verified : refused);
        }

        if (!Uri.TryCreate(body.AsyncResultCallbackUrl, UriKind.Absolute, out var callback))
        {
            return Error("-1", "async_result_callback_url is required for an asynchronous answer");
        }

        var result = JsonSerializer.Serialize(mode == HandshakeMode.Async ? verified : refused, WireJson.Options);
        outbound.Enqueue(new OutboundMessage(
            Kind: "handshake-result",
            OrderingKey: body.HandshakeId,
            Url: callback,
            Body: result,
            Headers: WebhookSigning.Headers(CallbackSecret(options.Value, request.RouteValues["partner"] as string), result),
            Delay: options.Value.PartnerCallbackDelay));
        return WireJson.Json(new HandshakeAnswer("2", body.CapturedCustomerRefId, "", body.HandshakeId, "result will be posted to async_result_callback_url", null));
    }

    // A partner's route signs with that partner's own secret when it has one (session 47: every partner's callbacks were signed
    // with the one PartnerCallbackSecret, which a server with per-partner inbound secrets refuses for a partner's journey).
    internal static string? CallbackSecret(SandboxOptions options, string? partner) =>
        partner is not null && options.PartnerCallbackSecrets.TryGetValue(partner, out var own) && own.Length > 0 ? own : options.PartnerCallbackSecret;
}
