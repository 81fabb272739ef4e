using System.Text.Json.Nodes;

namespace LoanJourney.Engine.Runtime;

/// <summary>
/// The run's input, outputs and variables parsed from the row's text, kept between the steps of one run (round 56 in
/// docs/PERFORMANCE.md): the run owns the instance while it holds the lease, and each object is used only while the text it
/// was parsed from is, by reference, the text the run's state holds (a string never changes, so the same reference is the
/// same text; another text — a commit that changed it, a step that failed or was not committed — is parsed again).
/// <para>
/// <b>Read-only.</b> These objects are handed only to <see cref="Definitions.Bindings.Resolve"/>, which copies every value it
/// returns (<c>DeepClone</c>): no activity ever receives one. An activity's variables are its own object, parsed when it first
/// reads or changes them (<see cref="Activities.ActivityContext.Variables"/>). The one change made to a kept object is the
/// runner's own, <see cref="WithOutput"/>, which then keeps the object under the text it writes.
/// </para>
/// </summary>
internal sealed class ParsedRow
{
    private string? _inputText;
    private JsonNode? _input;
    private string? _outputsText;
    private JsonObject? _outputs;
    private string? _variablesText;
    private JsonObject? _variables;

    /// <summary>The run's input, parsed once per text.</summary>
    public JsonNode? Input(string text)
    {
        if (_inputText is null || !ReferenceEquals(_inputText, text))
        {
            _input = EngineJson.Parse(text);
            _inputText = text;
        }

        return _input;
    }

    /// <summary>The run's outputs, parsed once per text; read-only (see the class).</summary>
    public JsonObject Outputs(string text)
    {
        if (_outputs is null || !ReferenceEquals(_outputsText, text))
        {
            _outputs = EngineJson.ParseObject(text);
            _outputsText = text;
        }

        return _outputs;
    }

    /// <summary>The run's variables as committed, parsed once per text; read-only (see the class).</summary>
    public JsonObject Variables(string text)
    {
        if (_variables is null || !ReferenceEquals(_variablesText, text))
        {
            _variables = EngineJson.ParseObject(text);
            _variablesText = text;
        }

        return _variables;
    }

    /// <summary>
    /// The outputs' text with a completed step's output set (a copy of <paramref name="output"/>: the text main wrote, byte for
    /// byte). <paramref name="outputs"/> is the object <see cref="Outputs"/> gave for the state's text: it is forgotten before it
    /// changes and kept again under the new text once written, with the step's output as a parse of its text (what a parse of the
    /// whole new text holds), so a failure between the two leaves nothing kept.
    /// </summary>
    public string WithOutput(JsonObject outputs, string stepId, JsonNode? output)
    {
        _outputs = null;
        _outputsText = null;
        outputs[stepId] = output?.DeepClone();
        var text = outputs.ToJsonString();

        // Kept as a parse of the text gives it, as the next step would have read it: a value an activity built in code reads
        // otherwise (an Int32 is not converted to a decimal, which a template's number is read as; a parsed number is).
        outputs[stepId] = output is null ? null : JsonNode.Parse(output.ToJsonString());
        _outputs = outputs;
        _outputsText = text;
        return text;
    }
}
