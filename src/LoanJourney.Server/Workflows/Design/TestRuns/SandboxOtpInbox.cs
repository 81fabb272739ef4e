using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace LoanJourney.Server.Workflows.Design.TestRuns;

/// <summary>
/// The embedded sandbox's OTP inbox (<c>GET /sandbox/capitalfloat/otp</c>, docs/sandbox.md): what Capital Float "sent" the
/// borrower for a block. Read over HTTP, as a borrower's phone would receive it, from the server a test run's lender clients call.
/// </summary>
internal sealed class SandboxOtpInbox(HttpClient http, Uri sandboxUrl)
{
    /// <summary>The named client: the factory's default handlers, which log full URIs, are removed where it is registered.</summary>
    public const string HttpClientName = "TestRuns.SandboxOtpInbox";

    /// <summary>The block's current OTP, or null when the sandbox knows no block of this app and order.</summary>
    public async Task<string?> ReadAsync(string appId, string orderId, CancellationToken cancellationToken)
    {
        // Control routes are at the server root's /sandbox whatever the prefix of the lender APIs (SandboxControlApi). A test
        // run's block is in the test runs' inbox (its block call carried the test-run header), hence testRuns=true.
        var uri = new Uri(sandboxUrl, $"/sandbox/capitalfloat/otp?app_id={Uri.EscapeDataString(appId)}&order_id={Uri.EscapeDataString(orderId)}&testRuns=true");
        using var response = await http.GetAsync(uri, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        var inbox = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
        return inbox?["otp"] is JsonValue v && v.TryGetValue<string>(out var otp) && otp.Length > 0 ? otp : null;
    }
}
