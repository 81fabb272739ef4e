using System.Net;
using LoanJourney.Server.Tests.Support;

namespace LoanJourney.Server.Tests.Privacy;

/// <summary>
/// Walk 48 (a lender's security review): the audit entry an export writes names the filters it was given. A PAN or
/// mobile typed into the export's principal, workflow or journey box was kept there as typed, in the one record that
/// is kept longest (the trail outlives retention and erasure) and is itself exported to inspectors.
/// </summary>
public sealed class AuditExportFilterPiiTests : IDisposable
{
    private const string Pan = "PQRZX4821M";
    private const string Mobile = "9812346677";
    private const string Email = "tanvi.ws48@example.in";

    private readonly ServerFactory _server = new();

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task AnExportsAuditEntry_NamesItsFiltersWithPiiPatternsMasked()
    {
        var api = _server.CreateApiClient();
        var export = await api.GetAsync(new Uri(
            $"/api/audit/export?format=ndjson&principal={Pan}&workflowId={Mobile}&instanceId={Uri.EscapeDataString(Email)}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        await export.Content.ReadAsStringAsync(); // the entry is written once the file has been sent

        var trail = await api.GetStringAsync(new Uri("/api/audit?action=audit-export", UriKind.Relative));
        var file = await api.GetStringAsync(new Uri("/api/audit/export?format=csv&action=audit-export", UriKind.Relative));

        foreach (var text in new[] { trail, file })
        {
            foreach (var raw in new[] { Pan, Mobile, Email })
            {
                Assert.DoesNotContain(raw, text, StringComparison.OrdinalIgnoreCase);
            }
        }

        // The filters are still named, masked as a reason is.
        Assert.Contains("\"principal\":\"XXXXX4821M\"", trail, StringComparison.Ordinal);
        Assert.Contains("\"workflowId\":\"XXXXXX6677\"", trail, StringComparison.Ordinal);
        Assert.Contains("\"instanceId\":\"t***@example.in\"", trail, StringComparison.Ordinal);
    }
}
