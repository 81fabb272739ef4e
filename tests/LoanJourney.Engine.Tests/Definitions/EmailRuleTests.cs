using System.Globalization;
using System.Reflection;
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

    /// <summary>
    /// <see cref="InputFormats.IsEmail"/> maps each domain with an <see cref="IdnMapping"/> of its own, because that type's instance
    /// members are not documented thread-safe and starts are checked on many threads at once. A stress test of a shared instance
    /// could not fail (session 50: 8 threads × 500 rounds passed on the shared one too, since .NET 10's mapping keeps no per-call
    /// state on ICU), so the contract is guarded where it can break: no static field of the engine holds a mapping to share.
    /// </summary>
    [Fact]
    public void NoStaticFieldOfTheEngine_HoldsAnIdnMappingToShare()
    {
        var shared = typeof(InputFormats).Assembly.GetTypes()
            .SelectMany(t => t.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Where(f => !f.IsDefined(typeof(ThreadStaticAttribute), inherit: false) && Shares(f.FieldType))
            .Select(f => $"{f.DeclaringType}.{f.Name}")
            .ToList();

        Assert.True(shared.Count == 0, $"Static fields sharing an IdnMapping between threads: {string.Join(", ", shared)}");
    }

    // A mapping itself, or one inside another type (Lazy<IdnMapping>, an array); a ThreadLocal<IdnMapping> gives each thread its own.
    private static bool Shares(Type type) =>
        type == typeof(IdnMapping)
        || (type.IsArray && Shares(type.GetElementType()!))
        || (type.IsGenericType && type.GetGenericTypeDefinition() != typeof(ThreadLocal<>) && type.GetGenericArguments().Any(Shares));
}
