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
}
