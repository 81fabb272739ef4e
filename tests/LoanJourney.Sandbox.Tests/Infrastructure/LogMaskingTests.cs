using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace LoanJourney.Sandbox.Tests.Infrastructure;

public sealed class LogMaskingTests
{
    [Fact]
    public async Task LogsNeverCarryMobilesIdsKeysOrOtps()
    {
        using var logs = new CapturingLoggerProvider();
        await using var host = await SandboxHost.StartAsync(logs: logs);
        await host.Client.FinBoxPost("/v2/user/create", """{ "customerID": "CUSTPII77", "mobile": "9812345678" }""");
        await host.Client.AuthorizedPost("/paylater/block", """{ "app_id": "APPPII88", "order_id": "ORDPII99", "amount": "10" }""");
        var otp = (await host.Client.GetAsync("sandbox/capitalfloat/otp?app_id=APPPII88&order_id=ORDPII99").Json()).Str("otp");
        await host.Client.AuthorizedPost("/paylater/verify_block", $$"""{ "app_id": "APPPII88", "order_id": "ORDPII99", "otp": "{{otp}}" }""");

        var text = string.Join('\n', logs.Lines);
        Assert.Contains("XXXXXX5678", text, StringComparison.Ordinal);
        Assert.DoesNotContain("9812345678", text, StringComparison.Ordinal);
        Assert.DoesNotContain("CUSTPII77", text, StringComparison.Ordinal);

        // The sandbox's own line about the block names the app and the order masked (this test host's framework request lines,
        // quiet in the server, show the query).
        var issued = Assert.Single(logs.Lines, l => l.StartsWith("Pay-later OTP issued", StringComparison.Ordinal));
        Assert.Equal("Pay-later OTP issued for app XXXXII88 order XXXXII99", issued);
        Assert.DoesNotContain(Wire.FinBoxKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Wire.CfToken, text, StringComparison.Ordinal);
        Assert.DoesNotContain(otp, text, StringComparison.Ordinal);
    }

    // Walk 45: the sandbox logged the FinBox webhook URL with the server's URL token through HttpClient's default logging
    // (System.Net.Http.HttpClient.* at Information logs each request's URI); the sandbox ships with the product.
    [Fact]
    public async Task AWebhookPost_LogsNoPartOfTheReceiversUrlToken()
    {
        const string UrlToken = "urltok7Qm3xZ9secret";
        using var logs = new CapturingLoggerProvider();
        await using var receiver = await CallbackReceiver.StartAsync();
        await using var host = await SandboxHost.StartAsync(
            new Dictionary<string, string?> { ["Sandbox:WebhookUrl"] = $"{receiver.Url}/{UrlToken}" },
            logs: logs);
        var customer = Wire.NewId("v1");
        await host.Client.FinBoxPost("/v1/user/create", $$"""{ "customerID": "{{customer}}", "mobile": "9876541234" }""");

        var received = Assert.Single(await receiver.WaitForAsync(1));
        Assert.Equal("user_created", received.Json.Str("eventType"));
        await WaitForAsync(() => logs.Lines.Any(l => l.StartsWith("Outbound ", StringComparison.Ordinal)));

        Assert.DoesNotContain(logs.Lines, l => l.Contains(UrlToken, StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.StartsWith("Outbound webhook", StringComparison.Ordinal) && l.Contains("delivered with HTTP 200", StringComparison.Ordinal));
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(10, deadline.Token);
        }
    }

    [Theory]
    [InlineData("9812345678", "XXXXXX5678")]
    [InlineData("abc", "XXX")]
    [InlineData("", "")]
    public void Mask_KeepsOnlyTheLastFour(string value, string expected) =>
        Assert.Equal(expected, Sandbox.Infrastructure.PiiMasker.Mask(value));

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Capturing(Lines);

        public void Dispose()
        {
        }

        private sealed class Capturing(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue(formatter(state, exception));
        }
    }
}
