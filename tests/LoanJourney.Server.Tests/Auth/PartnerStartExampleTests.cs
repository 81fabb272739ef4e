using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LoanJourney.Server.Tests.Support;

namespace LoanJourney.Server.Tests.Auth;

/// <summary>
/// docs/api.md, "A partner-scoped start, step by step": the partner's principal its <c>json</c> block shows is configured as
/// written, the <c>curl</c> below it is sent as written (its URL, headers and sample body), and the answer is what its
/// <c># → 202 {…}</c> line shows (a value with <c>…</c> is only said to be there), then the same request again is the 200
/// replay of the same journey. Session 50: no document showed a partner-scoped start, the first thing a partner runs; this is
/// the README's rule for starts (<see cref="ReadmeStartExamplesTests"/>) applied to that one, so the example cannot drift.
/// </summary>
public sealed partial class PartnerStartExampleTests
{
    private static readonly string ApiDoc = Path.Combine(AppContext.BaseDirectory, "Docs", "api.md");

    [Fact]
    public async Task ThePartnerScopedStartDocsApiShows_AnswersWhatItSays_AndReplaysAsItSays()
    {
        var example = Example(await File.ReadAllTextAsync(ApiDoc));
        Assert.NotNull(example.Principal["Partner"]);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(example.Headers["X-Api-Key"]))), example.Principal["KeySha256"]!.GetValue<string>());

        // The whole json block, as the team would merge it into appsettings.Development.json: every principal it shows, the
        // partner's own partner API and inbound secret (session 53: the block showed the partner's principal alone).
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Engine:DefinitionsDirectory"] = Path.Combine(AppContext.BaseDirectory, "ReleaseWorkflows"),
            ["Engine:PollInterval"] = "00:00:00.100",
        };
        Flatten(example.Configuration, "", settings);

        using var server = new LenderServerFactory(settings: settings);
        using var partner = server.CreateClient();
        var first = await SendAsync(partner, example);
        var text = await first.Content.ReadAsStringAsync();
        Assert.True(example.Shown.Status == (int)first.StatusCode, $"docs/api.md shows {example.Shown.Status}; the server answered {(int)first.StatusCode}: {text}");
        ShownStart.AssertAnswered("docs/api.md's partner-scoped start", example.Shown, text);

        var again = await SendAsync(partner, example);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var id = JsonNode.Parse(text)!["id"]!.GetValue<string>();
        Assert.Equal(id, (await again.ReadObjectAsync())["id"]!.GetValue<string>());

        // The journey the partner started goes to its end with this configuration: the borrower's OTP from the sandbox's
        // inbox, the tranche, and the token share to the partner's own API. With the partner's principal alone it disbursed and
        // then faulted at shareApproved (PartnerApiNotConfigured), an incident neither the partner's key nor dev-key could retry.
        using var withKey = server.CreateClient(example.Headers["X-Api-Key"]);
        Assert.Equal("otp", (await withKey.WaitForStatusAsync(id, "Waiting"))["currentStep"]!.GetValue<string>());
        var otp = await PayLater.OtpAsync(withKey, id, JsonNode.Parse(example.Body)!.AsObject());
        Assert.Equal(HttpStatusCode.Accepted, (await withKey.PostAsync($"/api/instances/{id}/signals/otp", Api.Json(new { otp }))).StatusCode);
        var done = await withKey.WaitForStatusAsync(id, "Completed");
        Assert.True(done["outcome"]!.GetValue<string>() == "Disbursed", done.ToJsonString());
        Assert.True(done["variables"]!["tokenShared"]!.GetValue<bool>(), done.ToJsonString());

        // The team's own principal the block shows reads the partner's journey (dev-key is off once principals are configured).
        var team = example.Principals.Single(p => p["Partner"] is null);
        Assert.Equal("Admin", team["Role"]!.GetValue<string>());
        var teamKey = TeamKey().Match(string.Join('\n', example.Section));
        Assert.True(teamKey.Success, "docs/api.md does not say the team principal's key");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(teamKey.Groups["key"].Value))), team["KeySha256"]!.GetValue<string>());
        using var teamClient = server.CreateClient(teamKey.Groups["key"].Value);
        Assert.Equal(HttpStatusCode.OK, (await teamClient.GetAsync($"/api/instances/{id}")).StatusCode);
    }

    private static void Flatten(JsonNode? node, string prefix, Dictionary<string, string?> settings)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, value) in o)
                {
                    Flatten(value, prefix.Length == 0 ? name : $"{prefix}:{name}", settings);
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    Flatten(a[i], $"{prefix}:{i}", settings);
                }

                break;
            default:
                settings[prefix] = node?.ToString();
                break;
        }
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, PartnerStart example)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, example.Path)
        {
            Content = new StringContent(example.Body, Encoding.UTF8, example.Headers["Content-Type"]),
        };
        foreach (var (name, value) in example.Headers.Where(h => h.Key != "Content-Type"))
        {
            request.Headers.Add(name, value);
        }

        return await client.SendAsync(request);
    }

    private static PartnerStart Example(string doc)
    {
        var lines = doc.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var heading = Array.FindIndex(lines, l => l.StartsWith("### A partner-scoped start", StringComparison.Ordinal));
        Assert.True(heading >= 0, "docs/api.md has no section \"A partner-scoped start\"");
        var end = Array.FindIndex(lines, heading + 1, l => l.StartsWith("## ", StringComparison.Ordinal) || l.StartsWith("### ", StringComparison.Ordinal));
        var section = lines[heading..(end < 0 ? lines.Length : end)];

        // The configuration: the json block; the partner's principal is its one entry of "Server": { "Principals": [ … ] } with a Partner.
        var json = Block(section, "json");
        var configuration = JsonNode.Parse("{" + json + "}")!.AsObject();
        var principals = configuration["Server"]!["Principals"]!.AsArray().Select(p => p!.AsObject()).ToList();
        var principal = Assert.Single(principals, p => p["Partner"] is not null);

        // The curl: the bash block's command, joined at trailing backslashes, and the answer line after it.
        var bash = Block(section, "bash").Split('\n');
        var command = new StringBuilder();
        var i = 0;
        for (; i < bash.Length; i++)
        {
            var line = bash[i].Trim();
            var more = line.EndsWith('\\');
            command.Append(more ? line[..^1] : line).Append(' ');
            if (!more)
            {
                break;
            }
        }

        var text = command.ToString();
        Assert.Contains("curl", text, StringComparison.Ordinal);
        var url = ShownStart.Url(text);
        Assert.True(url.Success, $"docs/api.md: the partner's start has no start URL: {text}");
        var headers = Header().Matches(text).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["value"].Value, StringComparer.OrdinalIgnoreCase);
        var file = ShownStart.DataFile(text);
        Assert.True(file.Success, $"docs/api.md: the partner's start sends no sample file: {text}");
        var shown = i + 1 < bash.Length ? ShownStart.Answer(bash[i + 1]) : null;
        Assert.NotNull(shown); // the "# → 202 {…}" line under the partner's start
        Assert.Contains(shown.Fields, f => f.Name == "partnerName");
        return new PartnerStart(configuration, principals, principal, url.Groups["path"].Value, headers, ShownStart.SampleFile(file.Groups["file"].Value), shown, section);
    }

    private static string Block(string[] section, string language)
    {
        var open = Array.FindIndex(section, l => l.Trim() == "```" + language);
        Assert.True(open >= 0, $"docs/api.md: the partner-scoped start has no ```{language} block");
        var close = Array.FindIndex(section, open + 1, l => l.Trim() == "```");
        return string.Join('\n', section[(open + 1)..close]);
    }

    [GeneratedRegex(@"-H '(?<name>[A-Za-z-]+): (?<value>[^']*)'")]
    private static partial Regex Header();

    // "(`team-admin`'s key is `team-admin-key`; …)" under the json block.
    [GeneratedRegex(@"`(?<name>[a-z-]+)`'s key is `(?<key>[^`]+)`")]
    private static partial Regex TeamKey();

    private sealed record PartnerStart(JsonObject Configuration, List<JsonObject> Principals, JsonObject Principal, string Path, Dictionary<string, string> Headers,
        string Body, ShownAnswer Shown, string[] Section);
}
