using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using LoanJourney.Server.Tests.Support;

namespace LoanJourney.Server.Tests.Problems;

/// <summary>
/// Session 51: paths with a NUL or a percent-encoding that decodes to nothing valid (docs/api.md, "Errors"). Kestrel refuses a
/// NUL anywhere in the path while it parses the request line, before any middleware: a bare 400 the server cannot shape, so it
/// is pinned here (400, never a 5xx, and the server serves the next request). Every other such path reaches the pipeline and
/// gets a problem: a control character in the journey id is a 400 naming <c>id</c> (it was a 404 echoing the character), and
/// an encoding Kestrel cannot decode (<c>%ZZ</c>, <c>%FF</c>, an overlong or cut UTF-8 sequence) is left as the literal text,
/// which no journey is named, so 404 <c>instance_not_found</c>. (An in-process test host refuses the NUL too, in the same decoder
/// Kestrel uses, <c>PathString.FromUriComponent</c>: "The path contains null characters.", thrown at the client.)
/// </summary>
public sealed class MalformedPathTests : IDisposable
{
    private readonly ServerFactory _factory = new();

    public MalformedPathTests()
    {
        _factory.UseKestrelOnLoopback();
        _factory.StartServer();
    }

    public void Dispose() => _factory.Dispose();

    [Theory]
    [InlineData("/api/instances/%00")]
    [InlineData("/api/instances/a%00b/journal")]
    [InlineData("/api/instances/%00/signals/otp")]
    [InlineData("/api/workflows/%00")]
    public async Task ANulInThePath_IsKestrelsBare400BeforeAnyMiddleware_AndTheServerKeepsServing(string path)
    {
        // Sent byte for byte (an HttpClient could re-encode the target): this is what a client's bad request looks like on the wire.
        var (status, headers, body) = await SendRawAsync(path);

        Assert.Equal(400, status);
        Assert.Equal("", body); // Kestrel's own answer: no problem, because no part of the app ran
        Assert.Contains("Content-Length: 0", headers, StringComparison.OrdinalIgnoreCase);

        var api = _factory.CreateApiClient();
        var after = await api.GetAsync(new Uri("/api/instances/0123456789abcdef0123456789abcdef", UriKind.Relative));
        var problem = await after.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("instance_not_found", problem["code"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("%01")]
    [InlineData("a%1Bb")]
    [InlineData("%7F")]
    [InlineData("a%09b")]
    public async Task AControlCharacterInTheJourneyId_IsA400NamingId(string id)
    {
        var (status, _, body) = await SendRawAsync($"/api/instances/{id}");

        Assert.True(status == 400, $"{id}: {status} {body}");
        var problem = JsonNode.Parse(body)!.AsObject();
        Assert.Equal("validation", problem["code"]!.GetValue<string>());
        Assert.Equal(["id"], problem["errors"]!.AsObject().Select(e => e.Key));

        var api = _factory.CreateApiClient();
        var signal = await api.PostAsync(new Uri($"/api/instances/{id}/signals/otp", UriKind.Relative), Api.Json(new { otp = "123456" }));
        await signal.AssertProblemAsync(HttpStatusCode.BadRequest, "id");
    }

    [Theory]
    [InlineData("%ZZ")]
    [InlineData("%")]
    [InlineData("%FF")]
    [InlineData("%C0%80")]
    [InlineData("%E2%82")]
    public async Task AnEncodingKestrelCannotDecode_IsLeftAsText_AndNoJourneyHasThatId(string id)
    {
        var (status, _, body) = await SendRawAsync($"/api/instances/{id}");

        Assert.True(status == 404, $"{id}: {status} {body}");
        var problem = JsonNode.Parse(body)!.AsObject();
        Assert.Equal("instance_not_found", problem["code"]!.GetValue<string>());
        Assert.Equal($"Workflow instance '{id}' does not exist.", problem["detail"]!.GetValue<string>());
    }

    // Over real Kestrel a NUL byte in a header line is refused like one in the path, before any middleware (the app's own
    // refusal, Http/NulRefusal.cs, serves other hosts); a %00 in the query reaches the app and is a problem naming the parameter.
    [Fact]
    public async Task ANulInAHeader_IsKestrelsBare400_AndOneInTheQuery_IsA400NamingTheParameter()
    {
        var (status, headers, body) = await SendRawAsync("/api/instances", "Idempotency-Key: a\0b\r\n");
        Assert.Equal(400, status);
        Assert.Equal("", body);
        Assert.Contains("Content-Length: 0", headers, StringComparison.OrdinalIgnoreCase);

        (status, _, body) = await SendRawAsync("/api/instances?correlationId=a%00b");
        Assert.True(status == 400, $"{status} {body}");
        var problem = JsonNode.Parse(body)!.AsObject();
        Assert.Equal("validation", problem["code"]!.GetValue<string>());
        Assert.Equal(["correlationId"], problem["errors"]!.AsObject().Select(e => e.Key));
    }

    // HTTP/1.0: the answer ends with the connection, its body unchunked.
    private async Task<(int Status, string Headers, string Body)> SendRawAsync(string path, string header = "")
    {
        var address = new Uri(_factory.CreateApiClient().BaseAddress!, "/");
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        await using var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.0\r\nHost: localhost\r\nX-Api-Key: {ServerFactory.ApiKey}\r\n{header}\r\n"));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var answer = await reader.ReadToEndAsync();
        var split = answer.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = split < 0 ? answer : answer[..split];
        return (int.Parse(head.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), head, split < 0 ? "" : answer[(split + 4)..]);
    }
}
