using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.Common;

/// <summary>Reads an integer sent as a number or as a numeric string (Capital Float answers <c>"status": 1</c> and <c>"status": "1"</c>);
/// writes a number.</summary>
public sealed class FlexibleIntConverter : JsonConverter<int>
{
    /// <inheritdoc />
    public override int Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.GetInt32();
        }

        if (reader.TokenType == JsonTokenType.String
            && int.TryParse(reader.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        throw new JsonException($"Expected an integer or a numeric string, got {reader.TokenType}.");
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, int value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumberValue(value);
    }
}
