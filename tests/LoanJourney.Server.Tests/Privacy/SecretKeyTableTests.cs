using System.Text.Json.Nodes;
using LoanJourney.Lenders.Common;
using LoanJourney.TestSupport;

namespace LoanJourney.Server.Tests.Privacy;

/// <summary>
/// The server's mask (SecretValues) and the Studio's (studio/src/lib/format.ts, studio/test/format.test.ts) read one table,
/// tests/fixtures/secret-keys.json: the same keys are secret, the same values masked the same way, and a masked value masked
/// again is unchanged (the Studio masks what the server already masked).
/// </summary>
public sealed class SecretKeyTableTests
{
    private static readonly JsonObject Table = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root, "tests", "fixtures", "secret-keys.json")))!.AsObject();

    [Fact]
    public void IsSecretKey_OnTheSharedTable_NamesTheSameKeysAsTheStudio()
    {
        Assert.All(Table["secret"]!.AsArray(), k => Assert.True(SecretValues.IsSecretKey(k!.GetValue<string>()), k!.GetValue<string>()));
        Assert.All(Table["notSecret"]!.AsArray(), k => Assert.False(SecretValues.IsSecretKey(k!.GetValue<string>()), k!.GetValue<string>()));
    }

    [Fact]
    public void Mask_OnTheSharedTable_MasksAsTheStudioDoes_AndAMaskedValueStaysAsItIs()
    {
        foreach (var row in Table["masked"]!.AsArray())
        {
            var expected = row!["masked"]!;
            var masked = SecretValues.Mask(row["value"]!.DeepClone());
            Assert.True(JsonNode.DeepEquals(expected, masked), $"{row["value"]!.ToJsonString()} → {masked?.ToJsonString()}, not {expected.ToJsonString()}");
            Assert.True(JsonNode.DeepEquals(expected, SecretValues.Mask(expected.DeepClone())), $"masked again: {expected.ToJsonString()}");
        }
    }

    [Fact]
    public void MaskedPaths_NamesEachMaskedValueUnderASecretKey_AndNothingElse()
    {
        var set = JsonNode.Parse("""{"partner":{"sessionToken":"••••9876","sessionUrl":"••••"},"keys":[{"apiKey":"••••"}],"otp":"123456","note":"••••1234"}""");
        Assert.Equal(["set.partner.sessionToken", "set.keys[0].apiKey"], SecretValues.MaskedPaths(set, "set"));
    }
}
