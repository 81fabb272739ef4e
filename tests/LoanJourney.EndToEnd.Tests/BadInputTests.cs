using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using LoanJourney.EndToEnd.Tests.Support;
using static LoanJourney.EndToEnd.Tests.Support.JourneyApi;

namespace LoanJourney.EndToEnd.Tests;

/// <summary>Bad requests against the running server: each answered with RFC 7807 problem details naming the field, never a 500.</summary>
[Collection(SharedDeploymentGroup.Name)]
public sealed class BadInputTests(SharedDeployment shared)
{
    private readonly Deployment _deployment = shared.Deployment;
    private readonly JourneyApi _api = shared.Deployment.Journeys;

    [Fact]
    public async Task EachBadInputIsAnsweredWithItsProblemDetailsAndNothingCommittedIsLost()
    {
        // A journey committed before the bad requests: it waits for its OTP.
        var (payLater, appId, orderId) = Samples.PayLaterJourney();
        var id = await _api.StartAsync(Samples.PayLater, payLater);
        var before = await _api.WaitForSignalAsync(id, "otp");

        await ExpectAsync(Post(Start(Samples.PersonalLoan), "{\"customerId\": \"C1\", \"mobile\": "), HttpStatusCode.BadRequest, "body");
        await ExpectAsync(Post(Start(Samples.PersonalLoan), "[1, 2]"), HttpStatusCode.BadRequest, "body");
        await ExpectAsync(Post(Start(Samples.PersonalLoan), Prism(i => i.Remove("mobile"))), HttpStatusCode.BadRequest, "mobile");
        await ExpectAsync(Post(Start(Samples.PersonalLoan), Prism(i => i["mobile"] = "12345")), HttpStatusCode.BadRequest, "mobile");
        await ExpectAsync(Post(Start(Samples.PersonalLoan), Prism(i => i["basicDetails"]!["personalDetails"]!["pan"] = "ABCD1234")), HttpStatusCode.BadRequest, "basicDetails.personalDetails.pan");
        await ExpectAsync(Post(Start(Samples.PersonalLoan), Prism(i => i["basicDetails"]!["personalDetails"]!["dob"] = "1990-13-45")), HttpStatusCode.BadRequest, "basicDetails.personalDetails.dob");
        await ExpectAsync(Post(Start(Samples.PersonalLoan), Prism(i => i["loan"]!["amount"] = -5)), HttpStatusCode.BadRequest, "loan.amount");
        await ExpectAsync(Post(Start(Samples.PayLater), """{ "appId": "CFAPP-1234", "amount": "lots" }"""), HttpStatusCode.BadRequest, "amount");
        await ExpectAsync(Post(Start(Samples.PayLater), """{ "amount": 100 }"""), HttpStatusCode.BadRequest, "appId");
        await ExpectAsync(Post(Start("no-such-workflow"), "{}"), HttpStatusCode.NotFound);
        await ExpectAsync(_deployment.Api.GetAsync("api/instances/no-such-instance"), HttpStatusCode.NotFound);
        await ExpectAsync(Post("api/instances/no-such-instance/signals/otp", """{ "otp": "123456" }"""), HttpStatusCode.NotFound);
        await ExpectAsync(Post(Start(Samples.PersonalLoan), "{\"pad\": \"" + new string('x', 17 * 1024 * 1024) + "\"}"), HttpStatusCode.RequestEntityTooLarge);
        await ExpectAsync(_deployment.Anonymous.PostAsync("webhooks/finbox", Json(new JsonObject { ["pad"] = new string('x', 2 * 1024 * 1024) })), HttpStatusCode.RequestEntityTooLarge);
        await ExpectAsync(_deployment.Api.PostAsync(Start(Samples.PayLater), new StringContent("appId=1", Encoding.UTF8, "text/plain")), HttpStatusCode.UnsupportedMediaType);
        await ExpectAsync(Post($"api/instances/{id}/signals/reupload-statement", """{ "files": [] }"""), HttpStatusCode.Conflict);
        await ExpectAsync(Post($"api/instances/{id}/incident/retry", "{}"), HttpStatusCode.Conflict);
        await ExpectAsync(Post($"api/instances/{id}/incident/skip", """{ "outcome": "Verified", "reason": "no incident" }"""), HttpStatusCode.Conflict);
        await ExpectAsync(Post($"api/instances?take=100000", "{}"), HttpStatusCode.MethodNotAllowed, problem: false);
        await ExpectAsync(_deployment.Api.GetAsync("api/instances?take=100000"), HttpStatusCode.BadRequest, "take");
        await ExpectAsync(_deployment.Anonymous.GetAsync($"api/instances/{id}"), HttpStatusCode.Unauthorized);
        await ExpectAsync(_deployment.Anonymous.PostAsync("webhooks/finbox", Json(new JsonObject { ["eventType"] = "loan_disbursed" })), HttpStatusCode.Unauthorized);
        var (status, _) = await _api.PostFinBoxWebhookAsync(new JsonObject { ["eventType"] = "loan_disbursed" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        await ExpectAsync(_deployment.Anonymous.PostAsync("webhooks/partner/handshake", Json(new JsonObject { ["status"] = "1", ["handshake_id"] = "hs-x" })), HttpStatusCode.Unauthorized);
        (status, _) = await _api.PostWebhookAsync("webhooks/partner/handshake", new JsonObject { ["status"] = "1" }, Deployment.PartnerCallbackSecret);
        Assert.Equal(HttpStatusCode.BadRequest, status);

        // A payload the waiting step cannot use is refused naming the field (it had been accepted: {} changed nothing, and
        // 123456 as a number was sent to the lender and used up one of the borrower's three attempts).
        await ExpectAsync(Post($"api/instances/{id}/signals/otp", "{}"), HttpStatusCode.BadRequest, "otp");
        await ExpectAsync(Post($"api/instances/{id}/signals/otp", """{ "otp": 123456 }"""), HttpStatusCode.BadRequest, "otp");
        await ExpectAsync(Post($"api/instances/{id}/signals/otp", """{ "otp": " " }"""), HttpStatusCode.BadRequest, "otp");
        await ExpectAsync(Post($"api/instances/{id}/signals/otp", """["123456"]"""), HttpStatusCode.BadRequest, "body");
        // Walk 43: a field the signal does not declare had been ignored, and this wrong OTP sent to the lender (an attempt used).
        await ExpectAsync(Post($"api/instances/{id}/signals/otp", """{ "otp": "000000", "resendOtp": true }"""), HttpStatusCode.BadRequest, "resendOtp");

        // Nothing committed was lost: the journey is where it was, and still completes.
        var after = await _api.GetAsync(id);
        Assert.Equal(3, after["variables"]!["otpAttemptsLeft"]!.GetValue<int>());
        Assert.Equal((Status(before), before["currentStep"]!.ToString(), before["steps"]!.ToJsonString()), (Status(after), after["currentStep"]!.ToString(), after["steps"]!.ToJsonString()));
        using var otp = await _api.SignalAsync(id, "otp", new JsonObject { ["otp"] = await _api.OtpAsync(appId, orderId) });
        Assert.Equal(HttpStatusCode.Accepted, otp.StatusCode);
        Assert.Equal("Disbursed", Outcome(await _api.WaitEndedAsync(id)));
    }

    [Fact]
    public async Task ConcurrentFirstStartsWithOneIdempotencyKeyStartOneJourney()
    {
        var (input, customerId, _) = Samples.Prism(Samples.PersonalLoan);
        var key = "e2e-" + Guid.NewGuid().ToString("N");

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, Start(Samples.PersonalLoan)) { Content = Json(input) };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await _deployment.Api.SendAsync(request);
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));

        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK, $"{(int)a.StatusCode}: {a.Body}"));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Accepted); // one start; the others are replays (walk 43: all 202)
        var id = Assert.Single(answers.Select(a => JsonNode.Parse(a.Body)!["id"]!.GetValue<string>()).Distinct());
        var list = await _deployment.Api.GetStringAsync($"api/instances?correlationId={customerId}");
        Assert.Equal(1, JsonNode.Parse(list)!["total"]!.GetValue<int>());
        Assert.Equal("Disbursed", Outcome(await _api.WaitEndedAsync(id)));
        Assert.Equal(1, (await _api.CountersAsync(customerId))["disbursal"]);
    }

    private static string Start(string workflowId) => $"api/workflows/{workflowId}/instances";

    private Task<HttpResponseMessage> Post(string path, string body) =>
        _deployment.Api.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

    private static string Prism(Action<JsonObject> change)
    {
        var (input, _, _) = Samples.Prism(Samples.PersonalLoan);
        change(input);
        return input.ToJsonString();
    }

    private static async Task ExpectAsync(Task<HttpResponseMessage> send, HttpStatusCode expected, string? field = null, bool problem = true)
    {
        using var response = await send;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        if (!problem)
        {
            return;
        }

        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var details = JsonNode.Parse(body)!.AsObject();
        Assert.Equal((int)expected, details["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(details["title"]?.GetValue<string>()));
        if (field is not null)
        {
            Assert.True(details["errors"]?.AsObject().ContainsKey(field) == true, $"No error for '{field}' in {body}");
        }
    }
}
