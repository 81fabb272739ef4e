using System.Net;
using System.Text.Json.Nodes;
using LoanJourney.Server.Tests.Support;

namespace LoanJourney.Server.Tests.Problems;

/// <summary>
/// Every error answer of the server is RFC 7807 problem details with a stable <c>code</c>, over real HTTP (Kestrel), including the
/// ones no endpoint writes: a request line or headers over the limits (session 38: Kestrel's bare 414 and 431, empty bodies), a
/// body over the limit, a method a path does not take, an unknown <c>/api</c> path.
/// </summary>
public sealed class ErrorAnswersTests : IDisposable
{
    private readonly KestrelServer _server = new();

    public void Dispose() => _server.Dispose();

    public static TheoryData<string, int, string> Refused => new()
    {
        { "long query", 414, "uri_too_long" },
        { "long path", 414, "uri_too_long" },
        { "large header", 431, "request_headers_too_large" },
        { "many headers", 431, "request_headers_too_large" },
        { "large body", 413, "payload_too_large" },
        { "wrong method", 405, "method_not_allowed" },
        { "unknown api path", 404, "not_found" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task AnErrorNoEndpointWrites_IsAProblemWithItsCode(string kind, int status, string code)
    {
        var api = _server.CreateApiClient();
        using var request = kind switch
        {
            "long query" => new HttpRequestMessage(HttpMethod.Get, "/api/instances?correlationId=" + new string('a', 9_000)),
            "long path" => new HttpRequestMessage(HttpMethod.Get, "/api/instances/" + new string('b', 9_000)),
            "large header" => new HttpRequestMessage(HttpMethod.Get, "/api/instances") { Headers = { { "X-Large", new string('c', 40_000) } } },
            "many headers" => ManyHeaders(),
            "large body" => new HttpRequestMessage(HttpMethod.Post, "/api/instances/any/cancel") { Content = Api.Json("{\"reason\":\"" + new string('d', 1_100_000) + "\"}") },
            "wrong method" => new HttpRequestMessage(HttpMethod.Delete, "/api/instances"),
            _ => new HttpRequestMessage(HttpMethod.Get, "/api/nope"),
        };

        using var response = await api.SendAsync(request);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal((status, code, $"urn:loanjourney:problem:{code}"), (problem["status"]!.GetValue<int>(), problem["code"]!.GetValue<string>(), problem["type"]!.GetValue<string>()));
        Assert.False(string.IsNullOrWhiteSpace(problem["detail"]?.GetValue<string>()));
        Assert.NotNull(problem["traceId"]);
    }

    // Below the limits nothing changes: a request line and headers just under them are served.
    [Fact]
    public async Task ARequestJustUnderTheLimits_IsServed()
    {
        var api = _server.CreateApiClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live?padding=" + new string('a', 7_000)) { Headers = { { "X-Large", new string('c', 30_000) } } };

        using var response = await api.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static HttpRequestMessage ManyHeaders()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/instances");
        for (var i = 0; i < 120; i++)
        {
            request.Headers.Add($"X-Header-{i}", "v");
        }

        return request;
    }
}
