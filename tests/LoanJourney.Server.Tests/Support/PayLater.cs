using System.Text.Json.Nodes;

namespace LoanJourney.Server.Tests.Support;

/// <summary>
/// A pay-later journey (Capital Float) over the API and the embedded sandbox, as a borrower meets it: started with an input
/// (the shipped sample by default), waiting at <c>otp</c> for the OTP the sandbox "sent" to the borrower's phone, and what the
/// sandbox's partner received as token shares. One place for what eight test classes wrote each for themselves.
/// </summary>
public static class PayLater
{
    /// <summary>The shipped pay-later workflow's id.</summary>
    public const string WorkflowId = "capitalfloat-paylater";

    /// <summary>The shipped sample input (<c>Workflows/samples/capitalfloat-paylater.json</c>), a fresh copy each call.</summary>
    public static async Task<JsonObject> SampleAsync() =>
        JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Workflows", "samples", "capitalfloat-paylater.json")))!.AsObject();

    /// <summary>Starts a journey with <paramref name="input"/> (the sample when null) and waits until it waits at <c>otp</c>.</summary>
    /// <returns>The journey's id, the input it was started with, and the journey as the API shows it then.</returns>
    public static async Task<(string Id, JsonObject Input, JsonObject Waiting)> WaitingForOtpAsync(HttpClient api, JsonObject? input = null)
    {
        input ??= await SampleAsync();
        var id = await api.StartAsync(WorkflowId, input);
        var waiting = await api.WaitForStatusAsync(id, "Waiting");
        Xunit.Assert.Equal("otp", waiting["currentStep"]!.GetValue<string>());
        return (id, input, waiting);
    }

    /// <summary>
    /// The sandbox's inbox entry for journey <paramref name="id"/>'s block (<c>otp</c>, <c>attempts_left</c>, <c>verified</c>): it is
    /// keyed by the block's app id and order id (the input's <c>orderId</c>, else the workflow's <c>LJ-</c> plus the journey's id).
    /// </summary>
    public static async Task<JsonObject> InboxAsync(HttpClient api, string id, JsonObject input)
    {
        var orderId = input["orderId"]?.GetValue<string>() ?? "LJ-" + id;
        var inbox = await api.GetAsync($"/sandbox/capitalfloat/otp?app_id={Uri.EscapeDataString(input["appId"]!.GetValue<string>())}&order_id={Uri.EscapeDataString(orderId)}");
        return await inbox.ReadObjectAsync();
    }

    /// <summary>The OTP the sandbox sent for journey <paramref name="id"/>'s block (<see cref="InboxAsync"/>).</summary>
    public static async Task<string> OtpAsync(HttpClient api, string id, JsonObject input) =>
        (await InboxAsync(api, id, input))["otp"]!.GetValue<string>();

    /// <summary>Token shares the sandbox's partner received for one customer reference (every one when null), oldest first.</summary>
    public static async Task<List<JsonNode>> TokenSharesAsync(HttpClient api, string? partnerRef) =>
        JsonNode.Parse(await api.GetStringAsync(new Uri("/sandbox/partner/token-shares", UriKind.Relative)))!.AsArray()
            .Select(s => s!["Share"]!)
            .Where(s => partnerRef is null || s["verified_customer_ref_id"]?.GetValue<string>() == partnerRef)
            .ToList();
}
