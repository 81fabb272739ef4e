using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using LoanJourney.Server.Tests.Support;

namespace LoanJourney.Server.Tests;

/// <summary>
/// Bad input never gets a 500. Every operation of the OpenAPI document is called with malformed path values (blank, unknown,
/// overlong), malformed and wrongly typed bodies (duplicate names, bytes that are not UTF-8), and bad query values; each answer must be below 500. A sweep like this
/// (outside the suite) found the blank journey id / signal name and the null step of a definition (session 14); this
/// keeps every operation, including ones added later, under the same rule.
/// </summary>
public sealed class MalformedRequestSweepTests : IDisposable
{
    private static readonly string[] PathValues = [" ", "nope", new string('a', 300), "%E2%80%AE"];

    private static readonly string?[] TextBodies =
    [
        null, "", "{", "[]", "null", "123", "\"text\"",
        """{"reason":123,"dryRun":"yes","filter":[],"ids":{},"toVersion":1e400,"fromVersion":-1,"stepMap":[],"otp":{"a":1},"expectedRevision":"x","set":[],"stepId":5,"outcome":[],"cancelFirst":"no","inboxKeys":7}""",
        """{"filter":{"status":["Waiting",5],"createdFrom":"notadate","take":-1},"ids":[null,5],"reason":"r","dryRun":false}""",
        """{"id":"x","version":1,"start":"a","steps":[null,{"id":null,"activity":null,"next":{"Done":null}}],"input":[null]}""",
        """{"reason":"a","reason":"b","ids":["x"],"ids":["y"],"stepId":"a","stepId":"b"}""",
    ];

    private static readonly byte[]?[] Bodies =
    [
        .. TextBodies.Select(b => b is null ? null : Encoding.UTF8.GetBytes(b)),
        // Not UTF-8 inside a string (0xFF 0xFE): parsed, then threw wherever the string was read (a 500 from start, signal, …).
        [.. "{\"customerId\":\"SWEEP-2\",\"reason\":\""u8, 0xFF, 0xFE, .. "\",\"x\":\""u8, 0xC3, .. "\"}"u8],
    ];

    private static readonly string[] Queries = ["?take=-1", "?take=abc&skip=-5", "?status=Nope&sort=bogus", "?createdFrom=notadate&after=%25%25", "?workflowVersion=abc&waitingLongerThan=-1h"];

    private readonly ServerFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task EveryOperation_AnswersMalformedInputBelow500()
    {
        var api = _factory.CreateApiClient();
        var journey = await api.StartAsync("test-review", new { customerId = "SWEEP-1" });
        await api.WaitForStatusAsync(journey, "Waiting");
        var document = JsonNode.Parse(await api.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)))!;

        var failures = new List<string>();
        var calls = 0;
        foreach (var (template, operations) in document["paths"]!.AsObject())
        {
            if (template.StartsWith("/api/events", StringComparison.Ordinal))
            {
                continue; // a stream: it answers 200 and stays open
            }

            foreach (var (method, _) in operations!.AsObject())
            {
                foreach (var path in Paths(template, journey))
                {
                    var verb = method.ToUpperInvariant();
                    foreach (var (query, body) in verb is "GET" or "DELETE"
                        ? Queries.Prepend("").Select(q => (q, (byte[]?)null))
                        : Bodies.Select(b => ("", b)))
                    {
                        using var request = new HttpRequestMessage(new HttpMethod(verb), path + query)
                        {
                            Content = body is null ? null : new ByteArrayContent(body) { Headers = { { "Content-Type", "application/json; charset=utf-8" } } },
                        };
                        using var response = await api.SendAsync(request);
                        calls++;
                        if ((int)response.StatusCode >= 500)
                        {
                            failures.Add($"{(int)response.StatusCode} {verb} {path}{query} {(body is null ? "" : Encoding.UTF8.GetString(body))}");
                        }
                    }
                }
            }
        }

        Assert.True(calls > 1000, $"only {calls} calls: the document's operations were not all found");
        Assert.True(failures.Count == 0, $"{failures.Count} of {calls} calls answered 5xx:\n" + string.Join('\n', failures.Take(20)));
    }

    // The template with each of its parameters set to a real journey id (once) and to each malformed value.
    private static IEnumerable<string> Paths(string template, string journey)
    {
        if (!template.Contains('{', StringComparison.Ordinal))
        {
            yield return template;
            yield break;
        }

        foreach (var value in PathValues.Prepend(journey))
        {
            var path = new StringBuilder();
            foreach (var segment in template.Split('/'))
            {
                path.Append(path.Length == 0 && segment.Length == 0 ? "" : "/");
                path.Append(segment.StartsWith('{') ? (value.StartsWith('%') ? value : Uri.EscapeDataString(value)) : segment);
            }

            yield return path.ToString();
        }
    }
}
