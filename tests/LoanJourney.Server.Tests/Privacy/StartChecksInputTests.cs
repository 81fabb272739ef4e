using System.Text.Json.Nodes;
using LoanJourney.Lenders.Common;
using LoanJourney.Server.Http;
using LoanJourney.TestSupport;

namespace LoanJourney.Server.Tests.Privacy;

/// <summary>
/// The server's own checks of a start input beside the schema (<see cref="JourneyInputValidator"/>: the fields' formats and the
/// masked credentials sent back) answer these fields, messages and order, and <see cref="SecretValues.IsSecretKey"/> is its words'
/// rule (docs/PERFORMANCE.md, round 62: pinned for a change that would make the checks cheaper; the change itself was vetoed).
/// </summary>
public sealed class StartChecksInputTests
{
    private static readonly JsonObject Sample =
        JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root, "workflows", "samples", "finbox-personal-loan.json")))!.AsObject();

    [Fact]
    public void Validate_OfThePersonalLoanSample_RefusesNothing() => Assert.Empty(JourneyInputValidator.Validate(Sample));

    [Fact]
    public void Validate_NamesFormatsAndMaskedCredentials_InTheInputsOrder_AMaskedOneOverridingAFormat()
    {
        var input = JsonNode.Parse("""
            {
              "customer": { "mobile": "123", "pan": "bad" },
              "partnerToken": { "mobile": "••••" },
              "refs": [ { "mobile": "999" }, { "otp": "••••" }, [ { "apiKey": "••••5678" } ] ],
              "sessionToken": "••••1234",
              "": { "pin": "••••", "tenure": 0 },
              "note": "••••1234",
              "keys": { "x-api-key": ["••••", "real-key"] }
            }
            """);
        var errors = JourneyInputValidator.Validate(input);
        Assert.Equal(
            ["customer.mobile", "customer.pan", "partnerToken.mobile", "refs[0].mobile", "tenure", "refs[1].otp", "refs[2][0].apiKey", "sessionToken", "pin", "keys.x-api-key[0]"],
            errors.Keys);
        Assert.Equal([JourneyInputValidator.MaskedCredential], errors["partnerToken.mobile"]);
        Assert.Equal([JourneyInputValidator.MaskedCredential], errors["pin"]);
        Assert.Equal(["Must be a whole number from 1 to 2147483647, not 0."], errors["tenure"]);
        Assert.StartsWith("Must be a 10-digit", errors["customer.mobile"].Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ASecretSignalsBareMaskedBody_IsNamedBody()
    {
        Assert.Equal(["body"], JourneyInputValidator.Validate(JsonValue.Create("••••"), secret: true).Keys);
        Assert.Empty(JourneyInputValidator.Validate(JsonValue.Create("••••"), secret: false));
        Assert.Empty(JourneyInputValidator.Validate(JsonValue.Create("123456"), secret: true));
    }

    [Theory]
    [InlineData("otp")]
    [InlineData("OTP")]
    [InlineData("mobileOtp")]
    [InlineData("partnerAPIKey")]
    [InlineData("x-api-key")]
    [InlineData("api_key")]
    [InlineData("ApiKey")]
    [InlineData("apikey")]
    [InlineData("monkey")]
    [InlineData("key")]
    [InlineData("session.token.")]
    [InlineData("token__")]
    [InlineData("PIN!")]
    [InlineData("pincode")]
    [InlineData("spin")]
    [InlineData("SPIN")]
    [InlineData("tokens")]
    [InlineData("passPhrase")]
    [InlineData("PASSWORD")]
    [InlineData("secretNote")]
    [InlineData("topSecret2")]
    [InlineData("TOKEN2")]
    [InlineData("ſecret")]
    [InlineData("tokén")]
    [InlineData("otp€")]
    [InlineData("€otp")]
    [InlineData("")]
    [InlineData("--")]
    [InlineData("xTOKENx")]
    [InlineData("myOTPToken")]
    [InlineData("OTPs")]
    public void IsSecretKey_IsItsWordsRule(string key)
    {
        // The rule as the doc states it, from KeyWords: the last word otp, pin, token, secret, password or passphrase; the last two
        // api key; or the word apikey.
        var words = SecretValues.KeyWords(key);
        var expected = words.Count > 0
            && (words[^1] is "otp" or "pin" or "token" or "secret" or "password" or "passphrase" or "apikey"
                || (words[^1] == "key" && words.Count > 1 && words[^2] == "api"));
        Assert.Equal(expected, SecretValues.IsSecretKey(key));
    }

    [Fact]
    public void IsSecretKey_IsItsWordsRule_ForEveryNameInTheShippedSamplesAndTheSharedTable()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Repository.Root, "workflows", "samples"), "*.json")
                     .Append(Path.Combine(Repository.Root, "tests", "fixtures", "secret-keys.json")))
        {
            Collect(JsonNode.Parse(File.ReadAllText(file)));
        }

        Assert.NotEmpty(names);
        foreach (var name in names)
        {
            var words = SecretValues.KeyWords(name);
            var expected = words.Count > 0
                && (words[^1] is "otp" or "pin" or "token" or "secret" or "password" or "passphrase" or "apikey"
                    || (words[^1] == "key" && words.Count > 1 && words[^2] == "api"));
            Assert.True(expected == SecretValues.IsSecretKey(name), name);
        }

        void Collect(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (name, child) in obj)
                    {
                        names.Add(name);
                        Collect(child);
                    }

                    break;
                case JsonArray array:
                    foreach (var item in array)
                    {
                        Collect(item);
                    }

                    break;
                case JsonValue value when value.TryGetValue<string>(out var text):
                    names.Add(text);
                    break;
            }
        }
    }

    [Fact]
    public void MaskedPaths_AtTheRoot_InArrays_AndUnderAnEmptyName_AsBefore()
    {
        Assert.Equal([""], SecretValues.MaskedPaths(JsonValue.Create("••••"), "", secret: true));
        Assert.Equal(["[1]"], SecretValues.MaskedPaths(JsonNode.Parse("""["a", "••••"]"""), "", secret: true));
        Assert.Equal(["token", "x.pin", "x[0].otp"], SecretValues.MaskedPaths(JsonNode.Parse("""{"": {"token": "••••"}, "x": {"pin": "••••12"}}"""), "").Concat(
            SecretValues.MaskedPaths(JsonNode.Parse("""[{"otp": "••••"}]"""), "x")));
        Assert.Empty(SecretValues.MaskedPaths(JsonNode.Parse("""{"token": "real", "note": "••••"}"""), ""));
    }
}
