using System.Text.Json;
using System.Text.Json.Nodes;
using LoanJourney.Engine.Definitions;
using LoanJourney.Engine.Runtime;

namespace LoanJourney.Server.Workflows;

/// <summary>
/// The sample start input of a workflow, <c>&lt;definitions directory&gt;/samples/&lt;id&gt;.json</c> (the input a newcomer
/// starts with), used as the example of its input schema — only when it fits that schema, so a sample that fell behind a
/// newer version is never shown as a valid example. Read on each request: samples are small and may be edited.
/// </summary>
internal sealed class WorkflowSamples(EngineOptions options)
{
    public JsonNode? ExampleFor(CompiledWorkflow workflow)
    {
        if (options.DefinitionsDirectory is not { } directory)
        {
            return null;
        }

        var path = Path.Combine(directory, DefinitionLoader.SamplesDirectory, workflow.Id + ".json");
        if (!File.Exists(path))
        {
            return null;
        }

        JsonNode? sample;
        try
        {
            sample = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException)
        {
            return null;
        }

        return sample is JsonObject && WorkflowInputSchema.Validate(workflow, sample).Count == 0 ? sample : null;
    }
}
