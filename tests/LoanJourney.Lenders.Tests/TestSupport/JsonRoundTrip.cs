using System.Text.Json;
using LoanJourney.Lenders.Common;

namespace LoanJourney.Lenders.Tests.TestSupport;

/// <summary>
/// Proves a sample deserializes into a client type and serializes back with the documented names and values: every member of
/// the sample is present under the same name with the same value (numbers compared by value; a documented <c>null</c> may be
/// omitted, as the clients do not send nulls), and nothing is added. Duplicate keys: the last one wins, as when reading.
/// </summary>
public static class JsonRoundTrip
{
    public static object Assert(string sampleJson, Type type, bool numericStringsEqualNumbers = false)
    {
        var value = JsonSerializer.Deserialize(sampleJson, type, LenderJson.Options)
            ?? throw new Xunit.Sdk.XunitException($"{type.Name}: the sample deserialized to null");
        var written = JsonSerializer.Serialize(value, type, LenderJson.Options);
        using var expected = JsonDocument.Parse(sampleJson, LenderJson.DocumentOptions);
        using var actual = JsonDocument.Parse(written);
        Compare(expected.RootElement, actual.RootElement, "$", numericStringsEqualNumbers);
        return value;
    }

    public static T Assert<T>(string sampleJson, bool numericStringsEqualNumbers = false) =>
        (T)Assert(sampleJson, typeof(T), numericStringsEqualNumbers);

    private static void Compare(JsonElement expected, JsonElement actual, string path, bool lenient)
    {
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                Xunit.Assert.True(actual.ValueKind == JsonValueKind.Object, $"{path}: expected an object, got {actual.ValueKind}");
                var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                foreach (var member in expected.EnumerateObject())
                {
                    members[member.Name] = member.Value;
                }

                foreach (var (name, value) in members)
                {
                    var found = actual.TryGetProperty(name, out var written);
                    if (value.ValueKind == JsonValueKind.Null)
                    {
                        Xunit.Assert.True(!found || written.ValueKind == JsonValueKind.Null, $"{path}.{name}: expected null");
                        continue;
                    }

                    Xunit.Assert.True(found, $"{path}.{name}: documented field missing after the round trip");
                    Compare(value, written, $"{path}.{name}", lenient);
                }

                foreach (var member in actual.EnumerateObject())
                {
                    Xunit.Assert.True(members.ContainsKey(member.Name), $"{path}.{member.Name}: written but not in the sample");
                }

                break;
            case JsonValueKind.Array:
                Xunit.Assert.True(actual.ValueKind == JsonValueKind.Array, $"{path}: expected an array, got {actual.ValueKind}");
                Xunit.Assert.True(expected.GetArrayLength() == actual.GetArrayLength(), $"{path}: array length differs");
                for (var i = 0; i < expected.GetArrayLength(); i++)
                {
                    Compare(expected[i], actual[i], $"{path}[{i}]", lenient);
                }

                break;
            case JsonValueKind.Number:
                var actualNumber = actual.ValueKind == JsonValueKind.String && lenient ? decimal.Parse(actual.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : actual.GetDecimal();
                Xunit.Assert.True(expected.GetDecimal() == actualNumber, $"{path}: {expected.GetDecimal()} became {actualNumber}");
                break;
            case JsonValueKind.String when lenient && actual.ValueKind == JsonValueKind.Number:
                Xunit.Assert.True(decimal.Parse(expected.GetString()!, System.Globalization.CultureInfo.InvariantCulture) == actual.GetDecimal(), $"{path}: value differs");
                break;
            case JsonValueKind.String:
                Xunit.Assert.True(actual.ValueKind == JsonValueKind.String, $"{path}: expected a string, got {actual.ValueKind}");
                Xunit.Assert.True(expected.GetString() == actual.GetString(), $"{path}: '{expected.GetString()}' became '{actual.GetString()}'");
                break;
            default:
                Xunit.Assert.True(expected.ValueKind == actual.ValueKind, $"{path}: {expected.ValueKind} became {actual.ValueKind}");
                break;
        }
    }
}
