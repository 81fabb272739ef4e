using System.Text;
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

            loaded.Add(workflow);
        }

        // Two files with one id and version: the same content is one version; different content is ambiguous, and neither
        // file loads (before, the first by name did: a copy of a shipped file whose id was not changed, named to sort first,
        // was published as the shipped workflow on a new database). Each error names the other files.
        var served = new List<CompiledWorkflow>();
        foreach (var twins in loaded.GroupBy(w => (w.Id, w.Version)))
        {
            if (twins.Select(w => w.ContentHash).Distinct(StringComparer.Ordinal).Count() == 1)
            {
                served.Add(twins.First());
                continue;
            }

            foreach (var workflow in twins)
            {
                var others = string.Join("', '", twins.Where(w => w.File != workflow.File).Select(w => w.File));
                errors.Add(new DefinitionError(workflow.File, workflow.Id, null, DefinitionErrorCode.VersionConflict,
                    $"Workflow '{workflow.Id}' version {workflow.Version} is also defined in '{others}' with different content; neither file is loaded: give one its own id, or a new version.", "id"));
            }
        }

        return new DefinitionLoadResult(served, errors);
    }

    /// <summary>
    /// The checks a publish from the designer runs (<see cref="WorkflowCompiler.CompileDraft"/>), for a file's version that is
    /// not stored yet (its load is its publish). False with the errors added when it fails them.
    /// </summary>
    public bool PassesPublishChecks(CompiledWorkflow workflow, List<DefinitionError> errors)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        return compiler.CompileDraft(workflow.Definition, workflow.Json, workflow.File, errors) is not null;
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
            errors.Add(DefinitionJson.Where(ex, text) is { } where
                // Not JSON (session 44): the field is where the reader broke, 1-based, so an operator can find it; was "body".
                ? new DefinitionError(file, IdOf(text), null, DefinitionErrorCode.CorruptFile, $"Not valid JSON at {where}: {DefinitionJson.Describe(ex)}", where)
                : new DefinitionError(file, IdOf(text), null, DefinitionErrorCode.CorruptFile, $"Not a valid definition: {DefinitionJson.Describe(ex)}", DefinitionJson.FieldOf(ex.Path)));
            return null;
        }
    }

    // The id of a file that does not load, so its error names the workflow and a start of it can say why it is not served:
    // the top-level "id" string, read token by token up to where the JSON breaks (session 45: a file whose JSON broke after
    // its id had `workflowId` null in loadErrors, as it was read with a whole-document parse). Null when the text has no
    // string id before the break, or is not a JSON object.
    internal static string? IdOf(string text)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text), new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isId = reader.ValueTextEquals("id"u8);
                if (!reader.Read())
                {
                    return null;
                }

                if (isId)
                {
                    return reader.TokenType == JsonTokenType.String && reader.GetString() is { } id && !string.IsNullOrWhiteSpace(id) ? id : null;
                }

                // A value that opens an object or array is passed over whole (the reader holds the whole text, so it can).
                reader.Skip();
            }

            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
