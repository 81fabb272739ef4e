using System.Text.Json.Nodes;
using LoanJourney.Engine.Errors;

namespace LoanJourney.Engine.Definitions;

/// <summary>
/// The engine's judgement of one start input against one compiled version of a workflow (<see cref="WorkflowInputSchema.Judge"/>):
/// the fields that do not fit, and the input's text as it was judged. A host that checks a start's input itself before it starts
/// the journey (the server's start endpoint, whose 400 names the schema's errors with its own checks, before the idempotency key
/// is looked up) passes it with the start (<see cref="Model.StartOptions.JudgedInput"/>), and the engine does not evaluate the
/// schema again: it accepts a judgement only of the very input node it is given against the very version it starts on, and
/// stores the text that was judged. Nothing else can make one (no public constructor, nothing settable), so a caller cannot
/// say an input was checked that was not: any other start, or a judgement of another node or version, is judged by the engine
/// itself (round 61, docs/PERFORMANCE.md).
/// </summary>
public sealed class StartInputJudgement
{
    private StartInputJudgement(CompiledWorkflow workflow, JsonNode? input, string inputJson, IReadOnlyList<InputFieldError> errors)
    {
        Workflow = workflow;
        Input = input;
        InputJson = inputJson;
        Errors = errors;
    }

    /// <summary>Every field of the input that does not fit the version's input schema, in declaration order; empty when it fits.</summary>
    public IReadOnlyList<InputFieldError> Errors { get; }

    /// <summary>The version judged against.</summary>
    internal CompiledWorkflow Workflow { get; }

    /// <summary>The node judged (compared by reference: a judgement is of this node only).</summary>
    internal JsonNode? Input { get; }

    /// <summary>The input's text when it was judged (<c>{}</c> for no input): what a start with this judgement stores.</summary>
    internal string InputJson { get; }

    /// <summary>Judges <paramref name="input"/> against <paramref name="workflow"/>: its text taken once, and the schema evaluated.</summary>
    internal static StartInputJudgement Make(CompiledWorkflow workflow, JsonNode? input)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        var inputJson = (input ?? new JsonObject()).ToJsonString();
        return new StartInputJudgement(workflow, input, inputJson, WorkflowInputSchema.Evaluate(workflow, input));
    }

    /// <summary>Whether this is the judgement of <paramref name="input"/> (the same node) against <paramref name="workflow"/>
    /// (the same compiled version).</summary>
    internal bool IsOf(CompiledWorkflow workflow, JsonNode? input) => ReferenceEquals(Workflow, workflow) && ReferenceEquals(Input, input);
}
