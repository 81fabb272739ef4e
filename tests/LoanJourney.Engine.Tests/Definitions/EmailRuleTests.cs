using System.Text.Json;
using Json.Schema;
using LoanJourney.Engine.Definitions;

namespace LoanJourney.Engine.Tests.Definitions;

/// <summary>
/// <see cref="InputFormats.IsEmail"/> is JsonSchema.Net's <c>email</c> rule without its 200 ms match timeout (on which that
/// library answers "not an e-mail": CI s48e refused <c>ravi@example.com</c> on a loaded machine). The same answers as the
/// library's own format, on addresses of every shape the rule knows.
/// </summary>
public sealed class EmailRuleTests
{
    [Theory]
    [InlineData("ravi@example.com")]
    [InlineData("first.last+tag@sub.example.co.in")]
    [InlineData("user@bücher.de")]
    [InlineData("\"quoted name\"@example.com")]
    [InlineData("a@[10.0.0.1]")]
    [InlineData("a@[IPv6:2001:db8::1]")]
    [InlineData("not-an-email")]
    [InlineData("two@@example.com")]
    [InlineData("dot.@example.com")]
    [InlineData("a..b@example.com")]
    [InlineData("user@-example.com")]
    [InlineData("user@example")]
    [InlineData("@example.com")]
    [InlineData("user@")]
    [InlineData("not-an-email … x")]
    public void AnswersAsJsonSchemaNetsEmailFormat(string address) =>
        Assert.Equal(Formats.Email.Validate(JsonSerializer.SerializeToElement(address), out _), InputFormats.IsEmail(address));

    // Addresses whose domains map differently (ASCII, Unicode, already Punycode, not mappable), so a mapping that mixed two
    // threads' work would change some answer.
    private static readonly string[] Addresses =
    [
        "ravi@example.com", "first.last+tag@sub.example.co.in", "user@bücher.de", "priya@münchen.example", "kiran@例え.テスト",
        "asha@xn--bcher-kva.de", "meera@ñandú.example.com", "dev@παράδειγμα.δοκιμή", "\"quoted name\"@example.com", "a@[10.0.0.1]",
        "not-an-email", "two@@example.com", "user@-example.com", "user@exa\u0000mple.com", "user@xn--.com", "user@a..b.com",
        "user@" + new string('a', 64) + ".com", "user@bü cher.de",
    ];

    [Fact]
    public void IsEmail_ManyThreadsAtOnce_AnswerAsOneThreadDoes()
    {
        var expected = Addresses.Select(InputFormats.IsEmail).ToArray();
        Assert.Contains(true, expected);
        Assert.Contains(false, expected);

        // Eight threads released together, each checking every address from its own starting point, many times over.
        const int threads = 8;
        var wrong = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (var round = 0; round < 500; round++)
            {
                for (var k = 0; k < Addresses.Length; k++)
                {
                    var i = (k + (t * 5) + round) % Addresses.Length;
                    if (InputFormats.IsEmail(Addresses[i]) != expected[i])
                    {
                        wrong.Add(Addresses[i]);
                    }
                }
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());

        Assert.Empty(wrong);
    }
}
