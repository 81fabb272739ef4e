using System.Net;
using System.Text.Json.Nodes;
using LoanJourney.Server.Tests.Support;

namespace LoanJourney.Server.Tests.Signals;

/// <summary>
/// Session 51: an <c>otp</c> signal whose value cannot be an OTP (<c>"abcdef"</c>, <c>"12 34"</c>, 200 characters) was sent to
/// Capital Float, which refused it (-23), and cost the borrower one of the attempts. It is a 400 naming <c>otp</c> now, judged
/// before the journey is touched: the lender is not called, the attempts are as they were, the journal is unchanged, the
/// journey still waits, and the value is in no answer or log line. Real HTTP, the embedded sandbox, the shipped pay-later
/// definition.
/// </summary>
public sealed class OtpFormTests : IDisposable
{
    private readonly string _logs = Directory.CreateTempSubdirectory("lj-otp-form-").FullName;
    private readonly LenderServerFactory _server;

    public OtpFormTests()
    {
        _server = new LenderServerFactory(settings: new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Engine:DefinitionsDirectory"] = Path.Combine(AppContext.BaseDirectory, "ReleaseWorkflows"),
            ["Engine:PollInterval"] = "00:00:00.100",
            ["Serilog:MinimumLevel:Default"] = "Debug",
            ["Serilog:File:Path"] = Path.Combine(_logs, "server-.json"),
        });
    }

    public void Dispose()
    {
        _server.Dispose();
        try
        {
            Directory.Delete(_logs, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task AValueThatCannotBeAnOtp_IsA400NamingOtp_TheLenderIsNotAsked_AndNoAttemptIsUsed()
    {
        using var api = _server.CreateApiClient();
        var (id, input, _) = await PayLater.WaitingForOtpAsync(api);
        var otp = await PayLater.OtpAsync(api, id, input);
        var journalBefore = await JournalAsync(api, id);

        string[] notOtps =
        [
            "abcdef",
            "",
            "73 94",
            "7394x1",
            "+739421",
            "\u0667\u0663\u0669\u0664\u0662\u0661", // Arabic-Indic digits: \d would take them, no lender's OTP is written so
            string.Concat(Enumerable.Repeat("58", 100)),
        ];
        foreach (var value in notOtps)
        {
            var response = await api.PostAsync($"/api/instances/{id}/signals/otp", Api.Json(new { otp = value }));

            var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "otp");
            Assert.Equal("validation", problem["code"]!.GetValue<string>());
            Assert.Equal(["otp"], problem["errors"]!.AsObject().Select(e => e.Key));
            if (value.Length > 0)
            {
                Assert.DoesNotContain(value, problem.ToJsonString(), StringComparison.Ordinal);
            }
        }

        // Nothing changed: the step was not run (no LenderCall, no OtpIncorrect), the lender counted no wrong OTP, the
        // journey's own count of attempts is the whole allowance, and it waits for the OTP as before.
        var waiting = await api.GetInstanceAsync(id);
        Assert.Equal(("Waiting", "otp"), (waiting["status"]!.GetValue<string>(), waiting["currentStep"]!.GetValue<string>()));
        Assert.Equal(3, waiting["variables"]!["otpAttemptsLeft"]!.GetValue<int>());
        Assert.Null(waiting["variables"]!["otpError"]);
        Assert.Equal(3, (await PayLater.InboxAsync(api, id, input))["attempts_left"]!.GetValue<int>());
        Assert.Equal(journalBefore, await JournalAsync(api, id));

        // The borrower's real OTP is taken at the first try.
        var right = await (await api.PostAsync($"/api/instances/{id}/signals/otp", Api.Json(new { otp }))).ReadObjectAsync();
        Assert.Equal(("Taken", "Verified"), (right["signal"]!["result"]!.GetValue<string>(), right["signal"]!["stepOutcome"]!.GetValue<string>()));

        var logs = await LogFiles.ReadAsync(_logs);
        Assert.Contains("/signals/otp", logs, StringComparison.Ordinal); // the requests were logged
        foreach (var value in new[] { "73 94", "7394x1", "+739421", notOtps[^2], notOtps[^1] })
        {
            Assert.DoesNotContain(value, logs, StringComparison.Ordinal);
        }

        Assert.DoesNotMatch($"(?<![0-9.]){otp}(?![0-9])", logs);
    }

    // Session 54: the OTP as an answer shows it ("••••" and its last four, an operator's or a client's copy of what it read) is
    // not the OTP. Its pattern refused it too, but as "not an OTP"; it is refused for what it is, before the journey is touched.
    [Fact]
    public async Task AMaskedOtpReadBackFromAnAnswer_IsA400SayingSo_TheLenderIsNotAsked_AndNoAttemptIsUsed()
    {
        using var api = _server.CreateApiClient();
        var (id, input, _) = await PayLater.WaitingForOtpAsync(api);
        var otp = await PayLater.OtpAsync(api, id, input);
        var journalBefore = await JournalAsync(api, id);
        var masked = "••••" + otp[^4..];

        foreach (var body in new object[] { new { otp = masked }, new { otp = "••••" } })
        {
            var problem = await (await api.PostAsync($"/api/instances/{id}/signals/otp", Api.Json(body))).AssertProblemAsync(HttpStatusCode.BadRequest, "otp");
            Assert.Equal(["otp"], problem["errors"]!.AsObject().Select(e => e.Key));
            Assert.Contains("masked", problem["errors"]!["otp"]![0]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.DoesNotContain(otp[^4..], problem.ToJsonString(), StringComparison.Ordinal);
        }

        var waiting = await api.GetInstanceAsync(id);
        Assert.Equal(("Waiting", "otp"), (waiting["status"]!.GetValue<string>(), waiting["currentStep"]!.GetValue<string>()));
        Assert.Equal(3, waiting["variables"]!["otpAttemptsLeft"]!.GetValue<int>());
        Assert.Equal(3, (await PayLater.InboxAsync(api, id, input))["attempts_left"]!.GetValue<int>());
        Assert.Equal(journalBefore, await JournalAsync(api, id));

        var right = await (await api.PostAsync($"/api/instances/{id}/signals/otp", Api.Json(new { otp }))).ReadObjectAsync();
        Assert.Equal(("Taken", "Verified"), (right["signal"]!["result"]!.GetValue<string>(), right["signal"]!["stepOutcome"]!.GetValue<string>()));

        var logs = await LogFiles.ReadAsync(_logs);
        Assert.Contains("/signals/otp", logs, StringComparison.Ordinal);
        Assert.DoesNotContain(masked, logs, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u2022\\u2022\\u2022\\u2022" + otp[^4..], logs, StringComparison.Ordinal);
        Assert.DoesNotMatch($"(?<![0-9.]){otp}(?![0-9])", logs);
    }

    [Fact]
    public async Task TheActivityCatalogShowsTheOtpsPattern()
    {
        using var api = _server.CreateApiClient();

        var activities = JsonNode.Parse(await api.GetStringAsync("/api/activities"))!;

        var list = activities as JsonArray ?? activities["items"]!.AsArray();
        var verify = list.Single(a => a!["type"]!.GetValue<string>() == "CapitalFloat.VerifyOtp")!;
        var field = Assert.Single(verify["signalFields"]!.AsArray())!;
        Assert.Equal(("otp", "otp", "[0-9]{4,8}"), (field["signal"]!.GetValue<string>(), field["name"]!.GetValue<string>(), field["pattern"]!.GetValue<string>()));
    }

    private static async Task<string> JournalAsync(HttpClient api, string id) =>
        (await (await api.GetAsync($"/api/instances/{id}/journal?take=1000")).ReadObjectAsync())["items"]!.ToJsonString();
}
