using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Errors;

namespace LoanJourney.Engine.Definitions;

/// <summary>
/// The JSON Schema (draft 2020-12) of a workflow's start input, generated from the definition's declared input fields
/// (type, required, description), and the one check every start goes through: <see cref="Validate"/> evaluates the
/// input against that same schema with JsonSchema.Net, so the schema a client is served and the check the engine makes
/// cannot disagree; it also refuses a fraction in a field bound to a whole-amount activity input (<see cref="WholeAmountInputs"/>),
/// which the schema does not carry. A top-level field the definition does not declare is refused (<c>additionalProperties: false</c>,
/// code <c>unknown</c>; session 44: a partner's misspelt <c>panNumber</c> for <c>pan</c> started a journey without the PAN), and so is
/// one inside an <c>Object</c> field that declares its <c>properties</c>, at every depth, named by its path; an object field that
/// declares none is free-form. An optional field may be <c>null</c> (treated as absent).
/// </summary>
public static class WorkflowInputSchema
{
    /// <summary>The <c>format</c> of a <see cref="ActivityValueType.Duration"/> field: <c>hh:mm:ss</c>, <c>d.hh:mm:ss</c>
    /// or ISO 8601 (<c>PT5M</c>) as <see cref="Durations.TryParse"/> reads them; JSON Schema's own <c>duration</c> is ISO
    /// 8601 only, so this is a format of our own (validated here, an annotation for other tools).</summary>
    public const string DurationFormat = "loanjourney-duration";

    // At least one character that is not white space.
    private const string NotBlank = "\\S";

    private static readonly ConditionalWeakTable<CompiledWorkflow, InputCheck> Compiled = [];

    // A start is judged with the flag output first (valid or not, no details collected); only a refused input is evaluated again
    // with the list output, for the errors its 400 names (round 60, docs/PERFORMANCE.md: the list's details were a third of what a
    // start allocated, twice per start through the API). Not for a workflow whose fields carry an author's pattern: a value that
    // makes it backtrack would be matched, and time out, in both evaluations; those keep the one list evaluation.
    private static readonly EvaluationOptions Check = CreateEvaluationOptions(OutputFormat.Flag);

    private static readonly EvaluationOptions Evaluation = CreateEvaluationOptions(OutputFormat.List);

    /// <summary>The schema of <paramref name="workflow"/>'s start input, with <paramref name="example"/> (a sample
    /// input) when there is one.</summary>
    public static JsonObject Describe(CompiledWorkflow workflow, JsonNode? example = null)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        var definition = workflow.Definition;
        var properties = new JsonObject();
        var required = new JsonArray();
        foreach (var field in definition.Input)
        {
            properties[field.Name] = Property(field);
            if (field.Required)
            {
                required.Add(field.Name);
            }
        }

        var schema = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["title"] = $"{definition.Title ?? definition.Id} (v{definition.Version}) start input",
            ["description"] = $"Start input of workflow '{definition.Id}' version {definition.Version}, generated from its declared input fields.",
            ["type"] = "object",
            ["properties"] = properties,
            ["required"] = required,
            // Only the declared fields (session 44; docs/api.md "Workflows"): the compiler already refuses a binding to an
            // undeclared $input field, so an undeclared field could only be a mistake that starts a journey without its data.
            ["additionalProperties"] = false,
        };
        if (example is not null)
        {
            schema["examples"] = new JsonArray(example.DeepClone());
        }

        return schema;
    }

    /// <summary>Every field of <paramref name="input"/> that does not fit <paramref name="workflow"/>'s input schema,
    /// in declaration order; empty when it fits.</summary>
    public static IReadOnlyList<InputFieldError> Validate(CompiledWorkflow workflow, JsonNode? input)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        return Evaluate(workflow, input);
    }

    /// <summary>
    /// The engine's judgement of a start input against <paramref name="workflow"/>: the same errors as <see cref="Validate"/>, with
    /// the input's text as judged. Passed with the start (<see cref="Model.StartOptions.JudgedInput"/>), it spares the engine a second
    /// evaluation of the same input against the same version (round 61, docs/PERFORMANCE.md); the engine accepts it for that node
    /// and that version only.
    /// </summary>
    public static StartInputJudgement Judge(CompiledWorkflow workflow, JsonNode? input) => StartInputJudgement.Make(workflow, input);

    /// <summary>How many times <paramref name="workflow"/>'s input schema was evaluated (a count kept per compiled version, read by
    /// the tests that guard how often a start evaluates it: once per start through the API, round 61).</summary>
    internal static long EvaluationsOf(CompiledWorkflow workflow) => Compiled.TryGetValue(workflow, out var check) ? Interlocked.Read(ref check.Evaluations) : 0;

    internal static IReadOnlyList<InputFieldError> Evaluate(CompiledWorkflow workflow, JsonNode? input)
    {
        var check = Compiled.GetValue(workflow, static w => new InputCheck(
            JsonSchema.Build(JsonSerializer.SerializeToElement(ForEvaluation(Describe(w))), new BuildOptions { SchemaRegistry = new SchemaRegistry(), Dialect = InputDialect }),
            !AnyPattern(w.Definition.Input)));
        Interlocked.Increment(ref check.Evaluations);
        var schema = check.Schema;
        var flagFirst = check.FlagFirst;
        var instance = input is null ? JsonSerializer.SerializeToElement(new JsonObject()) : JsonSerializer.SerializeToElement(input);
        if (flagFirst && schema.Evaluate(instance, Check).IsValid)
        {
            return WholeAmountInputs.Validate(workflow, input).ToList();
        }

        var results = schema.Evaluate(instance, Evaluation);
        if (results.IsValid)
        {
            return WholeAmountInputs.Validate(workflow, input).ToList();
        }

        var fields = workflow.Definition.Input.ToDictionary(f => f.Name, StringComparer.Ordinal);
        var errors = Unknown($"workflow '{workflow.Definition.Id}'", "", input as JsonObject, fields).ToList();
        foreach (var detail in results.Details ?? [])
        {
            if (detail.Errors is not { Count: > 0 } keywordErrors)
            {
                continue;
            }

            var location = detail.InstanceLocation.ToString();
            foreach (var (keyword, message) in keywordErrors.Where(k => k.Key != "additionalProperties"))
            {
                // An undeclared field is named once above, with the fields the workflow takes, not by the schema's false.
                // Only what a declared field or property explains: an undeclared name resolves to none (named above).
                errors.AddRange(Describe(keyword == "pattern" && message == TimedPatternKeyword.TimedOut ? PatternTimedOut : keyword, location, instance, fields));
            }
        }

        // A field the schema refuses is named once, for its schema error.
        errors.AddRange(WholeAmountInputs.Validate(workflow, input).Where(w => !errors.Exists(e => e.Field == w.Field)).ToList());
        var order = workflow.Definition.Input.Select((f, i) => (f.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
        return errors.DistinctBy(e => (e.Field, e.Code))
            .OrderBy(e => e.Field == "$" ? -1 : order.GetValueOrDefault(e.Field.Split('.')[0], int.MaxValue))
            .ThenBy(e => e.Field, StringComparer.Ordinal)
            .ToList();
    }

    private sealed class InputCheck(JsonSchema schema, bool flagFirst)
    {
        public JsonSchema Schema { get; } = schema;

        public bool FlagFirst { get; } = flagFirst;

        // Evaluations of this version's input schema (EvaluationsOf).
        public long Evaluations;
    }

    // An author's pattern on any field, at any depth (the not-blank pattern of a required text is ours and cannot backtrack).
    private static bool AnyPattern(IEnumerable<InputFieldDefinition?> fields) =>
        fields.Any(f => f is not null && (f.Pattern is not null || (f.Properties is { } properties && AnyPattern(properties))));

    /// <summary>Each field of <paramref name="input"/> the definition does not declare, at the top and inside every object
    /// field that declares its properties (session 44; a free-form object's are its own), named by its full path
    /// (<c>basicDetails.personalDetails.panNumber</c>), with the names that object takes and the declared name it is closest to
    /// (<c>panNumber</c> → <c>pan</c>) when one is near.</summary>
    private static IEnumerable<InputFieldError> Unknown(string owner, string prefix, JsonObject? input, Dictionary<string, InputFieldDefinition> fields)
    {
        if (input is null)
        {
            yield break;
        }

        var takes = fields.Count == 0 ? "no input fields" : string.Join(", ", fields.Keys);
        foreach (var (name, value) in input)
        {
            var path = prefix.Length == 0 ? name : $"{prefix}.{name}";
            if (!fields.TryGetValue(name, out var declared))
            {
                var near = Nearest(name, fields.Keys) is { } n ? $" Did you mean '{n}'?" : "";
                yield return new InputFieldError(path, "unknown", $"Unknown field: {owner} takes {takes}.{near}");
            }
            else if (declared.Properties is { } properties && value is JsonObject inner)
            {
                foreach (var error in Unknown($"'{path}'", path, inner, Declared(properties)))
                {
                    yield return error;
                }
            }
        }
    }

    private static Dictionary<string, InputFieldDefinition> Declared(IReadOnlyList<InputFieldDefinition> properties) =>
        properties.Where(p => p is not null).DistinctBy(p => p.Name, StringComparer.Ordinal).ToDictionary(p => p.Name, StringComparer.Ordinal);

    /// <summary>The declared name <paramref name="name"/> most likely misspells: the same but for case, one that begins the
    /// other (<c>panNumber</c>, <c>pan</c>), or the compiler's nearest name at most two edits away
    /// (<see cref="WorkflowCompiler.Closest"/>); null when none is.</summary>
    private static string? Nearest(string name, IReadOnlyCollection<string> declared) =>
        declared.FirstOrDefault(d => string.Equals(d, name, StringComparison.OrdinalIgnoreCase))
        ?? declared.FirstOrDefault(d => d.Length >= 3 && name.Length >= 3
            && (name.StartsWith(d, StringComparison.OrdinalIgnoreCase) || d.StartsWith(name, StringComparison.OrdinalIgnoreCase)))
        ?? WorkflowCompiler.Closest(name, declared);

    private static JsonObject Property(InputFieldDefinition field)
    {
        string[] types = field.Type switch
        {
            ActivityValueType.String => ["string"],
            ActivityValueType.Number => ["number"],
            ActivityValueType.Integer => ["integer"],
            ActivityValueType.Boolean => ["boolean"],
            ActivityValueType.Object => ["object"],
            ActivityValueType.Array => ["array"],
            ActivityValueType.Duration => ["string", "number"],
            _ => [],
        };
        var property = new JsonObject();
        if (types.Length > 0)
        {
            var allowed = field.Required ? types : [.. types, "null"];
            property["type"] = allowed.Length == 1 ? allowed[0] : new JsonArray([.. allowed.Select(t => (JsonNode)t)]);
        }

        if (field.Type == ActivityValueType.Duration)
        {
            property["format"] = DurationFormat;
        }

        if (field.Format is { } format)
        {
            // A lender's rule for the value (session 45): email, date, pan, mobile-in, pincode, ifsc (InputFormats).
            property["format"] = format;
        }

        if (field.Pattern is { } pattern)
        {
            // The author's own rule; it replaces the not-blank pattern below (one keyword each), so a pattern that matches
            // blank text lets a required field be blank (docs/engine.md, "Definition format").
            property["pattern"] = pattern;
        }
        else if (field.Required && field.Type == ActivityValueType.String)
        {
            // A required text given as "" or spaces is as good as absent (a blank customer id faulted at the lender's create user).
            property["pattern"] = NotBlank;
        }

        if (field is { Type: ActivityValueType.Object, Properties: { } declared })
        {
            // Declared properties (session 44): judged as the top level is, only these and no others, at every depth that declares them.
            var properties = new JsonObject();
            var required = new JsonArray();
            foreach (var inner in Declared(declared).Values)
            {
                properties[inner.Name] = Property(inner);
                if (inner.Required)
                {
                    required.Add(inner.Name);
                }
            }

            property["properties"] = properties;
            property["required"] = required;
            property["additionalProperties"] = false;
        }

        if (!string.IsNullOrWhiteSpace(field.Description))
        {
            property["description"] = field.Description;
        }

        return property;
    }

    private static IEnumerable<InputFieldError> Describe(
        string keyword, string location, JsonElement instance, Dictionary<string, InputFieldDefinition> fields)
    {
        if (location.Length == 0 && keyword == "type")
        {
            yield return new InputFieldError("$", "not_object", $"The input must be a JSON object, not {instance.ValueKind}.");
            yield break;
        }

        // Resolve the location through the declared fields and properties; one that leaves them (an undeclared name) explains nothing.
        var container = fields;
        var node = instance;
        var path = "";
        InputFieldDefinition? declared = null;
        foreach (var segment in location.Length == 0 ? [] : location[1..].Split('/').Select(Unescape))
        {
            if (container is null || !container.TryGetValue(segment, out declared))
            {
                yield break;
            }

            path = path.Length == 0 ? segment : $"{path}.{segment}";
            node = node.ValueKind == JsonValueKind.Object && node.TryGetProperty(segment, out var inner) ? inner : default;
            container = declared.Properties is { } properties ? Declared(properties) : null;
        }

        if (keyword == "required")
        {
            foreach (var field in (container ?? []).Values.Where(f => f.Required && !Present(node, f.Name)))
            {
                var name = path.Length == 0 ? field.Name : $"{path}.{field.Name}";
                yield return new InputFieldError(name, "required", $"'{name}' is required.");
            }

            yield break;
        }

        if (declared is null)
        {
            yield break;
        }

        var value = node.ValueKind;
        var type = declared.Type.ToString().ToLowerInvariant();
        // Never the value (session 45): a field with a format holds a borrower's e-mail, PAN or mobile, and a 400 is shown and logged.
        var blank = value == JsonValueKind.String && string.IsNullOrWhiteSpace(node.GetString());
        if (keyword == "format" && blank && declared.Required)
        {
            yield break; // named once, as required
        }

        yield return keyword switch
        {
            PatternTimedOut => new InputFieldError(path, "pattern",
                $"'{path}' could not be checked against the pattern {declared.Pattern} within {InputFormats.PatternTimeout.TotalSeconds:0.#} s: " +
                "the pattern backtracks too long on this value. The workflow's author should simplify the pattern."),
            "format" when declared.Format is { } format => new InputFieldError(path, "format",
                $"'{path}' must be {InputFormats.Known.GetValueOrDefault(format, $"of format {format}")} (format '{format}')."),
            "format" => new InputFieldError(path, "format", $"'{path}' must be a duration: hh:mm:ss, d.hh:mm:ss or ISO 8601 such as PT5M."),
            "type" when value == JsonValueKind.Null && declared is { Required: true } => new InputFieldError(path, "required", $"'{path}' is required."),
            "pattern" when declared is { Required: true, Type: ActivityValueType.String } && (blank || declared.Pattern is null) =>
                new InputFieldError(path, "required", $"'{path}' is required and must not be blank."),
            "pattern" => new InputFieldError(path, "pattern", $"'{path}' must match the pattern {declared.Pattern}."),
            "type" => new InputFieldError(path, "type", $"'{path}' must be {(type == "duration" ? "a duration" : type)}, not {value.ToString().ToLowerInvariant()}."),
            _ => new InputFieldError(path, keyword, $"'{path}' does not fit the input schema ({keyword})."),
        };
    }

    private static bool Present(JsonElement instance, string name) =>
        instance.ValueKind == JsonValueKind.Object && instance.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    private static string Unescape(string segment) => segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);

    /// <summary>
    /// The schema as <see cref="Validate"/> builds it: <see cref="Describe(CompiledWorkflow, JsonNode?)"/>'s without <c>$schema</c>,
    /// so JsonSchema.Net builds it in <see cref="InputDialect"/> (a schema naming 2020-12 is built in the library's own dialect,
    /// whatever <see cref="BuildOptions.Dialect"/> says). The served schema keeps it.
    /// </summary>
    private static JsonObject ForEvaluation(JsonObject schema)
    {
        schema.Remove("$schema");
        return schema;
    }

    // A keyword's error that says the field's pattern ran out of time (TimedPatternKeyword), described apart from a mismatch.
    private const string PatternTimedOut = "pattern-timed-out";

    /// <summary>Draft 2020-12 with a <c>pattern</c> that gives up after <see cref="InputFormats.PatternTimeout"/> (session 46).</summary>
    private static readonly Dialect InputDialect = Dialect.Draft202012.With([new TimedPatternKeyword()], new Uri("https://loanjourney.dev/schemas/start-input"));

    /// <summary>
    /// JSON Schema's <c>pattern</c> with a match time-out. JsonSchema.Net builds the keyword's regular expression without one
    /// (<c>ECMAScript | Compiled</c>), so a pattern that backtracks without end held a start's request; this one is
    /// <see cref="InputFormats.PatternRegex"/> (the same ECMAScript reading), and a value it cannot judge in time is refused
    /// with <see cref="TimedOut"/> as its error, which <see cref="Validate"/> names as the field's pattern problem.
    /// </summary>
    private sealed class TimedPatternKeyword : Json.Schema.Keywords.PatternKeyword
    {
        public const string TimedOut = "The pattern's match timed out.";

        public override object? ValidateKeywordValue(JsonElement value) =>
            value.ValueKind == JsonValueKind.String ? InputFormats.PatternRegex(value.GetString()!) : base.ValidateKeywordValue(value);

        public override KeywordEvaluation Evaluate(KeywordData keyword, EvaluationContext context)
        {
            try
            {
                return base.Evaluate(keyword, context);
            }
            catch (RegexMatchTimeoutException)
            {
                return new KeywordEvaluation { Keyword = Name, IsValid = false, Error = TimedOut };
            }
        }
    }

    private static EvaluationOptions CreateEvaluationOptions(OutputFormat output)
    {
        var formats = new FormatRegistry();
        InputFormats.Register(formats);
        formats.Register(new PredicateFormat(DurationFormat, static e =>
            e.ValueKind == JsonValueKind.Number || (e.ValueKind == JsonValueKind.String && Durations.TryParse(e.GetString(), out _))));
        return new EvaluationOptions { OutputFormat = output, RequireFormatValidation = true, FormatRegistry = formats };
    }
}
