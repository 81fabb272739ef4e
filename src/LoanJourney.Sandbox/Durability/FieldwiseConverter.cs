using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LoanJourney.Sandbox.Durability;

/// <summary>
/// Writes every instance field of <typeparamref name="T"/> (and of its base classes) by name and reads them back into an
/// object created without running a constructor: a snapshot of the object, not of its public shape. A stored document that
/// lacks one of the type's fields (written by another build) is refused, so stale state is never half-loaded.
/// </summary>
internal sealed class FieldwiseConverter<T> : JsonConverter<T>
    where T : class
{
    private static readonly Dictionary<string, FieldInfo> Fields = AllFields(typeof(T));

    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"A stored {typeof(T).Name} must be an object.");
        }

        var value = (T)RuntimeHelpers.GetUninitializedObject(typeof(T));
        var seen = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            reader.Read();
            if (!Fields.TryGetValue(name, out var field))
            {
                throw new JsonException($"A stored {typeof(T).Name} has field '{name}', which this build does not know.");
            }

            field.SetValue(value, JsonSerializer.Deserialize(ref reader, field.FieldType, options));
            seen++;
        }

        return seen == Fields.Count ? value : throw new JsonException($"A stored {typeof(T).Name} lacks fields this build has.");
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (name, field) in Fields)
        {
            writer.WritePropertyName(name);
            JsonSerializer.Serialize(writer, field.GetValue(value), field.FieldType, options);
        }

        writer.WriteEndObject();
    }

    private static Dictionary<string, FieldInfo> AllFields(Type type)
    {
        var fields = new Dictionary<string, FieldInfo>(StringComparer.Ordinal);
        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
        {
            foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                fields.TryAdd(field.Name, field);
            }
        }

        return fields;
    }
}
