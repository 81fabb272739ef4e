using System.Net;
using LoanJourney.Server.Tests.Support;

namespace LoanJourney.Server.Tests.Privacy;

/// <summary>
/// Walk 48 (a lender's security review): a query value the server refuses is named in its problem with PII patterns
/// masked, as a path segment or a header always was. A PAN or mobile pasted into the wrong box of a script or the Studio's
/// filters came back whole in the answer's detail and errors.
/// </summary>
public sealed class QueryValueEchoTests : IDisposable
{
    private const string Pan = "PQRZX4821M";
    private const string Mobile = "9812346677";
    private const string Email = "tanvi.ws48@example.in";

    private readonly ServerFactory _server = new();

    public void Dispose() => _server.Dispose();

    // "Unknown status 'PQRZX4821M'", "Unknown action '9812346677'", "Unknown format …", "9812346677 is too large": the value
    // as sent. Each is still a 400 naming the parameter, and its message still quotes what was sent, masked.
    [Theory]
    [InlineData("/api/instances?status=" + Pan, "status", "XXXXX4821M")]
    [InlineData("/api/instances?status=" + Mobile, "status", "XXXXXX6677")]
    [InlineData("/api/instances?status=tanvi.ws48%40example.in", "status", "t***@example.in")]
    [InlineData("/api/audit?action=" + Mobile, "action", "XXXXXX6677")]
    [InlineData("/api/audit/export?action=" + Pan, "action", "XXXXX4821M")]
    [InlineData("/api/audit/export?format=" + Pan, "format", "XXXXX4821M")]
    [InlineData("/api/instances?version=" + Mobile, "version", "XXXXXX6677")]
    [InlineData("/api/instances?skip=" + Mobile, "skip", "XXXXXX6677")]
    [InlineData("/api/audit?skip=" + Mobile, "skip", "XXXXXX6677")]
    [InlineData("/api/workflows/test-review?version=" + Mobile, "version", "XXXXXX6677")]
    public async Task ARefusedQueryValue_IsQuotedMasked_NeverAsSent(string path, string parameter, string masked)
    {
        var response = await _server.CreateApiClient().GetAsync(new Uri(path, UriKind.Relative));

        var text = await response.Content.ReadAsStringAsync();
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, parameter);
        foreach (var raw in new[] { Pan, Mobile, Email, Uri.EscapeDataString(Email) })
        {
            Assert.DoesNotContain(raw, text, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Contains(masked, text, StringComparison.Ordinal);
    }
}
