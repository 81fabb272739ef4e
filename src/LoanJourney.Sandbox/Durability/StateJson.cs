using System.Text.Json;

namespace LoanJourney.Sandbox.Durability;

/// <summary>
/// How sandbox objects become documents: every object type of this assembly is written field by field (backing fields and
/// captured constructor parameters included, see <see cref="FieldwiseConverterFactory"/>), so an object comes back exactly as
/// it was, whatever constructors and get-only properties it has, and a field added to a state class is persisted without
/// any further code. Framework types (dictionaries, lists, strings, numbers) use the serializer's own contracts.
/// </summary>
internal static class StateJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General)
    {
        Converters = { new FieldwiseConverterFactory() },
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"A stored {typeof(T).Name} is null.");
}
