using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LoanJourney.Sandbox.Durability;

/// <summary>
/// Writes every instance field of <typeparamref name="T"/> (and of its base classes) by name and reads them back into an
/// object created without running a constructor: a snapshot of the object, not of its public shape.
/// <para>
/// A document written by another build loads when the difference has one meaning (docs/sandbox.md, "State written by another
/// build"): a field the document lacks takes the default its constructor parameter declares (a record's
/// <c>bool ManualReview = false</c>), else what a new object of this build has, else its type's default (see
/// <see cref="AbsenceOf"/>); a field this build no longer has is left out. A missing non-nullable reference with no default
/// to give is refused, naming it, so stale state is never half-loaded with a null nobody chose.
/// </para>
/// </summary>
internal sealed class FieldwiseConverter<T> : JsonConverter<T>
    where T : class
{
    private static readonly Dictionary<string, FieldInfo> Fields = AllFields(typeof(T));

    // What a field missing from an older document becomes: computed once per type, the first time a document lacks a field.
    private static readonly Lazy<Dictionary<string, Absence>> Absent = new(() => Fields.ToDictionary(
        f => f.Key, f => AbsenceOf(f.Value), StringComparer.Ordinal));

    // A constructor that runs with default arguments, and those arguments: how this build makes a new object.
    private static readonly Lazy<(ConstructorInfo Constructor, object?[] Arguments)?> NewObject = new(FindNewObject);

    private enum AbsenceKind
    {
        Refused,
        Value,
        AsNewObject,
    }

    private readonly record struct Absence(AbsenceKind Kind, object? Value = null);

    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"A stored {typeof(T).Name} must be an object.");
        }

        var value = (T)RuntimeHelpers.GetUninitializedObject(typeof(T));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            reader.Read();
            if (!Fields.TryGetValue(name, out var field))
            {
                // Written by a build that had this field: nothing here reads it any more.
                reader.Skip();
                continue;
            }

            field.SetValue(value, JsonSerializer.Deserialize(ref reader, field.FieldType, options));
            seen.Add(name);
        }

        if (seen.Count == Fields.Count)
        {
            return value;
        }

        var unfilled = new List<string>();
        T? fresh = null;
        foreach (var (name, field) in Fields)
        {
            if (seen.Contains(name))
            {
                continue;
            }

            var absence = Absent.Value[name];
            switch (absence.Kind)
            {
                case AbsenceKind.Value:
                    field.SetValue(value, absence.Value);
                    break;
                case AbsenceKind.AsNewObject:
                    // A new object per document: an initializer's list or dictionary is never shared between two objects.
                    fresh ??= (T)NewObject.Value!.Value.Constructor.Invoke(NewObject.Value.Value.Arguments);
                    field.SetValue(value, field.GetValue(fresh));
                    break;
                default:
                    unfilled.Add(Describe(name));
                    break;
            }
        }

        return unfilled.Count == 0
            ? value
            : throw new JsonException($"A stored {typeof(T).Name} lacks {string.Join(", ", unfilled)}, which this build needs and has no default for.");
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

    /// <summary>
    /// A field's value when a document lacks it. A field that stores a constructor argument (a record's
    /// <c>&lt;Name&gt;k__BackingField</c>, a primary constructor's captured <c>&lt;name&gt;P</c>, or a property named like a
    /// parameter) takes that parameter's declared default, else null when nullable, else it cannot be filled. Any other field
    /// takes what this build gives a new object: its initializer (<c>{ get; init; } = true</c>) or its type's default, read
    /// from an object made by running a constructor with default arguments. When neither applies (no declared default, and no
    /// constructor runs with default arguments), a value type takes its default (a count 0, a flag false: nothing of it had
    /// happened when the document was written), a nullable reference null, and a non-nullable reference cannot be filled.
    /// </summary>
    private static Absence AbsenceOf(FieldInfo field)
    {
        var name = Describe(field.Name);
        var parameter = Constructors(field.DeclaringType!).SelectMany(c => c.GetParameters())
            .FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase) && p.ParameterType == field.FieldType);
        if (parameter is { HasDefaultValue: true })
        {
            return new Absence(AbsenceKind.Value, parameter.DefaultValue);
        }

        if (parameter is null && NewObject.Value is not null)
        {
            return new Absence(AbsenceKind.AsNewObject);
        }

        // Nothing of it had happened when the document was written: a count is 0, a flag false, a nullable null.
        if (field.FieldType.IsValueType)
        {
            return new Absence(AbsenceKind.Value, Activator.CreateInstance(field.FieldType));
        }

        return new Absence(new NullabilityInfoContext().Create(field).ReadState == NullabilityState.Nullable ? AbsenceKind.Value : AbsenceKind.Refused);
    }

    private static (ConstructorInfo Constructor, object?[] Arguments)? FindNewObject()
    {
        foreach (var constructor in Constructors(typeof(T)).OrderByDescending(c => c.GetParameters().Length))
        {
            var arguments = constructor.GetParameters()
                .Select(p => p.HasDefaultValue ? p.DefaultValue : p.ParameterType.IsValueType ? Activator.CreateInstance(p.ParameterType) : null)
                .ToArray();
            try
            {
                constructor.Invoke(arguments);
                return (constructor, arguments);
            }
            catch (TargetInvocationException)
            {
                // This constructor needs real arguments: try the next.
            }
        }

        return null;
    }

    // Instance constructors, a record's copy constructor left out.
    private static IEnumerable<ConstructorInfo> Constructors(Type type) =>
        type.GetConstructors(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .Where(c => c.GetParameters() is not [{ } only] || only.ParameterType != type);

    /// <summary>The name a reader knows: <c>&lt;ManualReview&gt;k__BackingField</c> → <c>ManualReview</c>, <c>&lt;state&gt;P</c> → <c>state</c>.</summary>
    private static string Describe(string fieldName)
    {
        if (fieldName.StartsWith('<') && fieldName.IndexOf('>', StringComparison.Ordinal) is var end and > 1)
        {
            return fieldName[1..end];
        }

        return fieldName.TrimStart('_');
    }
}
