using System.Text.Json;
using System.Text.Json.Serialization;

namespace LoanJourney.Sandbox.Durability;

/// <summary>Applies <see cref="FieldwiseConverter{T}"/> to the sandbox's own classes and records (not enums, not structs).</summary>
internal sealed class FieldwiseConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.Assembly == typeof(FieldwiseConverterFactory).Assembly && typeToConvert.IsClass && !typeToConvert.IsAbstract;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(FieldwiseConverter<>).MakeGenericType(typeToConvert))!;
}
