using System.Text.Json;

namespace LoanJourney.Engine.Definitions;

/// <summary>
/// Reads every <c>*.json</c> file of a directory (sub-directories included, except <c>samples/</c> at its root, which holds
/// journey start inputs, not definitions), validates each, and reports errors per file.
/// </summary>
public sealed class DefinitionLoader(WorkflowCompiler compiler)
{
    /// <summary>The sub-directory of sample start inputs (<c>workflows/samples/&lt;id&gt;.json</c>) that is not loaded.</summary>
    public const string SamplesDirectory = "samples";

    /// <summary>Loads a directory. A bad file adds errors; the other files still load.</summary>
    public DefinitionLoadResult LoadDirectory(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var errors = new List<DefinitionError>();
        var loaded = new List<CompiledWorkflow>();
        if (!Directory.Exists(directory))
        {
            errors.Add(new DefinitionError(directory, null, null, DefinitionErrorCode.CorruptFile, "The definitions directory does not exist."));
            return new DefinitionLoadResult(loaded, errors);
        }

        foreach (var path in Directory.EnumerateFiles(directory, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var file = Path.GetRelativePath(directory, path);
            if (file.StartsWith(SamplesDirectory + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                continue;
            }

            if (LoadText(File.ReadAllText(path), file, errors) is not { } workflow)
            {
                continue;
            }

            var twin = loaded.FirstOrDefault(w => w.Id == workflow.Id && w.Version == workflow.Version);
            if (twin is null)
            {
                loaded.Add(workflow);
            }
            else if (twin.ContentHash != workflow.ContentHash)
            {
                errors.Add(new DefinitionError(file, workflow.Id, null, DefinitionErrorCode.VersionConflict,
                    $"Workflow '{workflow.Id}' version {workflow.Version} is also defined in '{twin.File}' with different content; publish a new version instead."));
            }
        }

        return new DefinitionLoadResult(loaded, errors);
    }

    /// <summary>Parses and compiles one definition text; null with errors when invalid.</summary>
    public CompiledWorkflow? LoadText(string text, string file, List<DefinitionError> errors) => LoadText(text, file, errors, published: false);

    /// <summary>
    /// Parses and compiles a published version read back from the store (<see cref="WorkflowCompiler.CompilePublished"/>):
    /// a required input an activity gained since does not make it unloadable.
    /// </summary>
    public CompiledWorkflow? LoadPublishedText(string text, string file, List<DefinitionError> errors) => LoadText(text, file, errors, published: true);

    private CompiledWorkflow? LoadText(string text, string file, List<DefinitionError> errors, bool published)
    {
        ArgumentNullException.ThrowIfNull(errors);
        try
        {
            var (definition, normalized) = DefinitionJson.Parse(text);
            return published ? compiler.CompilePublished(definition, normalized, file, errors) : compiler.Compile(definition, normalized, file, errors);
        }
        catch (JsonException ex)
        {
            errors.Add(new DefinitionError(file, null, null, DefinitionErrorCode.CorruptFile, $"Not a valid definition: {DefinitionJson.Describe(ex)}", DefinitionJson.FieldOf(ex.Path)));
            return null;
        }
    }
}
