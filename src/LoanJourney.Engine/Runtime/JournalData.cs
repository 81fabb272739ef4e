using System.Buffers;
using System.Text;
using System.Text.Json;

namespace LoanJourney.Engine.Runtime;

/// <summary>
/// The data of the journal entries every step writes (<c>StepStarted</c>, <c>StepResumed</c>, <c>StepCompleted</c>,
/// <c>InstanceCompleted</c>), written straight to its text: the same text <c>new JsonObject { … }.ToJsonString()</c> gave,
/// character for character (a <see cref="Utf8JsonWriter"/> with default options is what <c>ToJsonString</c> writes with: the
/// default encoder's escaping, no indentation; a null value is JSON <c>null</c>). Round 53 (docs/PERFORMANCE.md): building
/// the <c>JsonObject</c>s, their dictionaries, values and a writer was ~0.7 KB of a step commit's allocations; now only the
/// text is allocated.
/// </summary>
internal static class JournalData
{
    // The data of a journey completed by its last step's outcome (InstanceCompleted after a step's Completed): always this text.
    private const string NullOutcome = """{"outcome":null}""";

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary><c>{"activity":…,"node":…}</c> (a step's execution started).</summary>
    public static string StepStarted(string activity, string? node) => Write([("activity", activity), ("node", node)]);

    /// <summary><c>{"kind":…,"bookmark":…,"node":…}</c> (a step resumed by a stimulus).</summary>
    public static string StepResumed(string kind, string? bookmark, string? node) => Write([("kind", kind), ("bookmark", bookmark), ("node", node)]);

    /// <summary><c>{"outcome":…}</c> (a step completed, a journey completed).</summary>
    public static string Outcome(string? outcome) => outcome is null ? NullOutcome : Write([("outcome", outcome)]);

    /// <summary>A JSON object of string (or null) properties, in the order given, as <c>JsonObject.ToJsonString()</c> writes it.</summary>
    internal static string Write(ReadOnlySpan<(string Name, string? Value)> properties)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(256);
        buffer.ResetWrittenCount();
        var writer = t_writer;
        if (writer is null)
        {
            writer = t_writer = new Utf8JsonWriter(buffer);
        }
        else
        {
            writer.Reset(buffer);
        }

        writer.WriteStartObject();
        foreach (var (name, value) in properties)
        {
            if (value is null)
            {
                writer.WriteNull(name);
            }
            else
            {
                writer.WriteString(name, value);
            }
        }

        writer.WriteEndObject();
        writer.Flush();
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
