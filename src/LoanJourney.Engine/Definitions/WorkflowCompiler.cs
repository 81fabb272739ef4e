using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Activities.BuiltIn;

namespace LoanJourney.Engine.Definitions;

/// <summary>Validates a definition against the activity registry and compiles it. Reports every mistake, not the first.</summary>
public sealed class WorkflowCompiler(ActivityRegistry registry)
{
    /// <summary>Compiles <paramref name="definition"/>; returns null with the errors when it is invalid.</summary>
    public CompiledWorkflow? Compile(WorkflowDefinition definition, string normalizedJson, string file, List<DefinitionError> errors) =>
        Compile(definition, normalizedJson, file, errors, published: false, draft: false);

    /// <summary>
    /// Compiles a draft being authored (the designer's validation, a save's problems, a test run, a publish): every check of
    /// <see cref="Compile(WorkflowDefinition, string, string, List{DefinitionError})"/>, and also that a <c>$steps.&lt;id&gt;.output.&lt;name&gt;</c>
    /// binding names an output the step's activity declares (when it declares any). That check is for drafts only: a version
    /// published with such a binding keeps compiling and running as it did (it reads null there).
    /// </summary>
    public CompiledWorkflow? CompileDraft(WorkflowDefinition definition, string normalizedJson, string file, List<DefinitionError> errors) =>
        Compile(definition, normalizedJson, file, errors, published: false, draft: true);

    /// <summary>
    /// Compiles a version that was published before (read back from the store), whose journeys may be waiting on it. A required
    /// input that an activity gained since it was published (<see cref="DefinitionErrorCode.MissingRequiredInput"/>) does not
    /// make it unloadable: it is kept in <see cref="CompiledWorkflow.Outdated"/>, and a journey that reaches that step stops
    /// there with an <c>InvalidInput</c> incident (the activity reads the input and finds none), which an operator repairs by
    /// moving it to a newer version. Every other mistake still makes it unloadable, as at publish.
    /// </summary>
    public CompiledWorkflow? CompilePublished(WorkflowDefinition definition, string normalizedJson, string file, List<DefinitionError> errors) =>
        Compile(definition, normalizedJson, file, errors, published: true, draft: false);

    private CompiledWorkflow? Compile(WorkflowDefinition definition, string normalizedJson, string file, List<DefinitionError> errors, bool published, bool draft)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(errors);
        var before = errors.Count;
        var check = new Checker(definition, file, errors);

        if (string.IsNullOrWhiteSpace(definition.Id))
        {
            check.Add(null, DefinitionErrorCode.InvalidDefinition, "The definition has no id.", "id");
        }

        if (definition.Version < 1)
        {
            check.Add(null, DefinitionErrorCode.InvalidDefinition, $"Version must be 1 or more, not {definition.Version}.", "version");
        }

        if (definition.Steps.Count == 0)
        {
            check.Add(null, DefinitionErrorCode.InvalidDefinition, "The definition has no steps.", "steps");
        }

        // A start input is one JSON object: two fields of one name cannot both hold (the input schema is built by name).
        var inputs = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < definition.Input.Count; i++)
        {
            if (!inputs.Add(definition.Input[i].Name))
            {
                check.Add(null, DefinitionErrorCode.DuplicateInput, $"Input field '{definition.Input[i].Name}' is declared more than once.", $"input[{i}].name");
            }

            CheckProperties(definition.Input[i], $"input[{i}]", check);
        }

        var steps = new Dictionary<string, StepDefinition>(StringComparer.Ordinal);
        foreach (var step in definition.Steps)
        {
            if (!steps.TryAdd(step.Id, step))
            {
                check.Add(step.Id, DefinitionErrorCode.DuplicateStep, $"Step id '{step.Id}' is used more than once.", "id");
            }
        }

        // An empty draft (the designer's New workflow) has no start yet: "no steps" says it all. Walk 42: a new author's
        // first sight was that beside "Start step '' does not exist." A definition with steps and no start names that.
        if (definition.Steps.Count > 0 && string.IsNullOrWhiteSpace(definition.Start))
        {
            check.Add(null, DefinitionErrorCode.UnknownStep, "No start step is set: name the step the journey begins with.", "start");
        }
        else if (definition.Steps.Count > 0 && !steps.ContainsKey(definition.Start))
        {
            check.Add(null, DefinitionErrorCode.UnknownStep, $"Start step '{definition.Start}' does not exist.", "start");
        }

        CheckLayout(definition, check);
        var compiled = new Dictionary<string, CompiledStep>(StringComparer.Ordinal);
        foreach (var step in steps.Values)
        {
            if (CompileStep(step, steps, check) is { } compiledStep)
            {
                compiled[step.Id] = compiledStep;
            }
        }

        var predecessors = Predecessors(steps);
        CheckReachability(definition, steps, check);
        CheckCyclesWithoutWait(steps, compiled, check);
        CheckBindings(definition, steps, predecessors, check);
        if (draft)
        {
            CheckOutputNames(steps, check);
        }

        // Only this compile's own errors move (the list may hold other definitions' errors, some equal to these).
        var outdated = new List<DefinitionError>();
        for (var i = errors.Count - 1; published && i >= before; i--)
        {
            if (errors[i].Code == DefinitionErrorCode.MissingRequiredInput)
            {
                outdated.Insert(0, errors[i]);
                errors.RemoveAt(i);
            }
        }

        if (errors.Count > before)
        {
            return null;
        }

        return new CompiledWorkflow(definition, compiled, normalizedJson, DefinitionJson.Hash(normalizedJson), file) { Outdated = outdated };
    }

    // The declared properties of an Object input field (session 44): only an Object's, no null entry, no name twice, at every depth.
    private static void CheckProperties(InputFieldDefinition field, string path, Checker check)
    {
        CheckFormat(field, path, check);
        if (field.Properties is not { } properties)
        {
            return;
        }

        if (field.Type != ActivityValueType.Object)
        {
            check.Add(null, DefinitionErrorCode.InvalidDefinition, $"Input field '{field.Name}' declares properties but is a {field.Type}, not an Object.", $"{path}.properties");
            return;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < properties.Count; i++)
        {
            if (properties[i] is not { } property)
            {
                check.Add(null, DefinitionErrorCode.InvalidDefinition, $"Property {i} of input field '{field.Name}' is null: each is an object with a name and a type.", $"{path}.properties[{i}]");
                continue;
            }

            if (string.IsNullOrWhiteSpace(property.Name) || !names.Add(property.Name))
            {
                check.Add(null, DefinitionErrorCode.DuplicateInput, $"Property '{property.Name}' of input field '{field.Name}' is blank or declared more than once.", $"{path}.properties[{i}].name");
            }

            CheckProperties(property, $"{path}.properties[{i}]", check);
        }
    }

    // A field's format and pattern (session 45): a text's only, a format the start can check, a pattern that compiles. An
    // unknown format would be served in the schema and never checked (JsonSchema.Net passes a format it does not know).
    private static void CheckFormat(InputFieldDefinition field, string path, Checker check)
    {
        if (field.Format is { } format)
        {
            if (field.Type != ActivityValueType.String)
            {
                check.Add(null, DefinitionErrorCode.InvalidDefinition, $"Input field '{field.Name}' declares format '{format}' but is a {field.Type}: a format is a String's.", $"{path}.format");
            }
            else if (!InputFormats.Known.ContainsKey(format))
            {
                var near = Closest(format, InputFormats.Known.Keys.ToList()) is { } n ? $" Did you mean '{n}'?" : "";
                check.Add(null, DefinitionErrorCode.InvalidDefinition,
                    $"Input field '{field.Name}' declares unknown format '{format}': the formats are {string.Join(", ", InputFormats.Known.Keys)}.{near}", $"{path}.format");
            }
        }

        if (field.Pattern is { } pattern)
        {
            if (field.Type != ActivityValueType.String)
            {
                check.Add(null, DefinitionErrorCode.InvalidDefinition, $"Input field '{field.Name}' declares a pattern but is a {field.Type}: a pattern is a String's.", $"{path}.pattern");
            }
            else if (InputFormats.PatternProblem(pattern) is { } problem)
            {
                check.Add(null, DefinitionErrorCode.InvalidDefinition, $"Input field '{field.Name}' has an invalid pattern. {problem}", $"{path}.pattern");
            }
        }
    }

    // A position the flowchart could not draw is refused; one of a step the definition lacks never reaches here
    // (DefinitionJson.Parse drops it), so a removed or renamed step cannot make the definition invalid.
    private static void CheckLayout(WorkflowDefinition definition, Checker check)
    {
        foreach (var (stepId, position) in definition.Layout ?? new Dictionary<string, StepPosition>())
        {
            foreach (var (axis, value) in new[] { ("x", position.X), ("y", position.Y) })
            {
                if (!double.IsFinite(value) || Math.Abs(value) > StepPositionLimit)
                {
                    check.Add(null, DefinitionErrorCode.InvalidDefinition,
                        $"The position of step '{stepId}' has {axis} = {value.ToString(CultureInfo.InvariantCulture)}: it takes a finite number within ±{StepPositionLimit:0}.",
                        $"{DefinitionJson.LayoutField}.{stepId}.{axis}");
                }
            }
        }
    }

    // Far beyond any drawn flowchart, small enough that a browser's canvas (and a float) still places it exactly.
    private const double StepPositionLimit = 1_000_000;

    private CompiledStep? CompileStep(StepDefinition step, Dictionary<string, StepDefinition> steps, Checker check)
    {
        if (!registry.TryGet(step.Activity, out var descriptor))
        {
            check.Add(step.Id, DefinitionErrorCode.UnknownActivity, $"Activity type '{step.Activity}' is not registered.", "activity");
            foreach (var (outcome, target) in step.Next ?? new Dictionary<string, string>())
            {
                if (!steps.ContainsKey(target))
                {
                    check.Add(step.Id, DefinitionErrorCode.UnknownStep, $"Outcome '{outcome}' leads to step '{target}', which does not exist.", $"next.{outcome}");
                }
            }

            return null;
        }

        CheckInputs(step.Id, descriptor, step.Inputs, check, "", "inputs.");
        CheckJourneyOutcomes(step, descriptor, steps, check);
        var outcomes = OutcomesOf(descriptor, step.Inputs);
        foreach (var (outcome, target) in step.Next ?? new Dictionary<string, string>())
        {
            if (!outcomes.Contains(outcome))
            {
                var known = outcomes.Count == 0 ? "none (it ends the journey)" : string.Join(", ", outcomes.Order(StringComparer.Ordinal));
                check.Add(step.Id, DefinitionErrorCode.UnknownOutcome, $"Activity '{descriptor.TypeName}' has no outcome '{outcome}'; its outcomes are {known}.", $"next.{outcome}");
            }

            if (!steps.ContainsKey(target))
            {
                check.Add(step.Id, DefinitionErrorCode.UnknownStep, $"Outcome '{outcome}' leads to step '{target}', which does not exist.", $"next.{outcome}");
            }
        }

        var retry = CompileRetry(step, check);
        TimeSpan? timeout = null;
        if (step.Timeout is not null)
        {
            if (Durations.TryParse(step.Timeout, out var parsed) && parsed > TimeSpan.Zero)
            {
                timeout = parsed;
            }
            else
            {
                check.Add(step.Id, DefinitionErrorCode.InvalidPolicy, $"Timeout '{step.Timeout}' is not a positive duration (use 00:00:30 or PT30S).", "timeout");
            }
        }

        ActivityDescriptor? compensation = null;
        if (step.Compensation is { } comp)
        {
            if (registry.TryGet(comp.Activity, out var compDescriptor))
            {
                compensation = compDescriptor;
                CheckInputs(step.Id, compDescriptor, comp.Inputs, check, "compensation ", "compensation.inputs.");
            }
            else
            {
                check.Add(step.Id, DefinitionErrorCode.UnknownActivity, $"Compensation activity type '{comp.Activity}' is not registered.", "compensation.activity");
            }
        }

        return new CompiledStep(step, descriptor, outcomes, retry ?? RetrySettings.None, timeout, compensation)
        {
            DeclaredSignalFields = CompileSignalFields(step, descriptor, check),
        };
    }

    // A Core.WaitForSignal's "fields": written in the definition (the engine checks a payload against it before the journey
    // has run to the step's inputs), each field checked here with its path (inputs.fields[1].pattern).
    private static IReadOnlyList<ActivitySignalFieldDescriptor> CompileSignalFields(StepDefinition step, ActivityDescriptor descriptor, Checker check)
    {
        const string field = "inputs." + SignalFieldDeclarations.InputName;
        if (descriptor.ClrType != typeof(WaitForSignalActivity) || step.Inputs?[SignalFieldDeclarations.InputName] is not { } fields)
        {
            return [];
        }

        if (fields is JsonValue && Bindings.IsBound(fields))
        {
            check.Add(step.Id, DefinitionErrorCode.InvalidInput,
                "The signal's fields must be written in the definition (a list of { name, type, … }), not bound: the engine checks a payload against them before the step runs.", field);
            return [];
        }

        return SignalFieldDeclarations.Parse(fields, (path, message) => check.Add(step.Id, DefinitionErrorCode.InvalidInput, message, field + path));
    }

    private static RetrySettings? CompileRetry(StepDefinition step, Checker check)
    {
        if (step.Retry is not { } retry)
        {
            return null;
        }

        var ok = true;
        if (retry.MaxAttempts < 1)
        {
            check.Add(step.Id, DefinitionErrorCode.InvalidPolicy, $"retry.maxAttempts must be 1 or more, not {retry.MaxAttempts}.", "retry.maxAttempts");
            ok = false;
        }

        if (!Durations.TryParse(retry.InitialDelay, out var initial))
        {
            check.Add(step.Id, DefinitionErrorCode.InvalidPolicy, $"retry.initialDelay '{retry.InitialDelay}' is not a duration.", "retry.initialDelay");
            ok = false;
        }

        var max = initial * 100;
        if (retry.MaxDelay is not null && !Durations.TryParse(retry.MaxDelay, out max))
        {
            check.Add(step.Id, DefinitionErrorCode.InvalidPolicy, $"retry.maxDelay '{retry.MaxDelay}' is not a duration.", "retry.maxDelay");
            ok = false;
        }

        if (retry.BackoffFactor < 1)
        {
            check.Add(step.Id, DefinitionErrorCode.InvalidPolicy, string.Create(CultureInfo.InvariantCulture, $"retry.backoffFactor must be 1 or more, not {retry.BackoffFactor}."), "retry.backoffFactor");
            ok = false;
        }

        return ok ? new RetrySettings(retry.MaxAttempts, initial, retry.BackoffFactor, max, retry.NonRetryable.ToHashSet(StringComparer.Ordinal)) : null;
    }

    private static HashSet<string> OutcomesOf(ActivityDescriptor descriptor, JsonObject? inputs)
    {
        var outcomes = descriptor.Outcomes.ToHashSet(StringComparer.Ordinal);
        if (descriptor.OutcomesFromInput is { } name && inputs?[name] is { } cases)
        {
            outcomes.Add(descriptor.DefaultOutcome);
            switch (cases)
            {
                case JsonObject map:
                    outcomes.UnionWith(map.Select(p => p.Key));
                    break;
                case JsonArray array:
                    outcomes.UnionWith(array.OfType<JsonValue>().Where(v => v.GetValueKind() == JsonValueKind.String).Select(v => v.GetValue<string>()));
                    break;
            }
        }

        return outcomes;
    }

    private static void CheckInputs(string stepId, ActivityDescriptor descriptor, JsonObject? inputs, Checker check, string prefix, string fieldPrefix)
    {
        var declared = descriptor.Inputs.ToDictionary(i => i.Name, StringComparer.Ordinal);
        foreach (var input in descriptor.Inputs.Where(i => i.Required))
        {
            if (inputs is null || !inputs.TryGetPropertyValue(input.Name, out var value) || value is null)
            {
                check.Add(stepId, DefinitionErrorCode.MissingRequiredInput, $"Required {prefix}input '{input.Name}' of activity '{descriptor.TypeName}' is missing.", fieldPrefix + input.Name);
            }
        }

        foreach (var (name, value) in inputs ?? [])
        {
            if (!declared.TryGetValue(name, out var input))
            {
                check.Add(stepId, DefinitionErrorCode.InvalidInput, $"Activity '{descriptor.TypeName}' has no {prefix}input '{name}'.", fieldPrefix + name);
            }
            else if (value is not null && !Bindings.IsBound(value) && !LiteralFits(value, input.Type))
            {
                check.Add(stepId, DefinitionErrorCode.InvalidInput, LiteralMisfit(prefix, name, input.Type, value), fieldPrefix + name);
            }
        }
    }

    // What a literal that does not fit its input is told. A Duration says the forms it takes (walk 54: "must be Duration, but the
    // literal is String" for "ten minutes" was true and no help) and quotes the text (an author's definition, no borrower's data;
    // cut at 40 characters).
    private static string LiteralMisfit(string prefix, string name, ActivityValueType type, JsonNode value)
    {
        if (type != ActivityValueType.Duration)
        {
            return $"{prefix}Input '{name}' must be {type}, but the literal is {value.GetValueKind()}.";
        }

        var given = value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() is var text
            ? $"'{(text.Length > 40 ? text[..40] + "…" : text)}' is neither"
            : $"the literal is {value.GetValueKind()}";
        return $"{prefix}Input '{name}' must be a Duration, written hh:mm:ss (00:05:00) or ISO 8601 (PT5M); {given}.";
    }

    // A journey outcome is a metrics tag, a list filter and a funnel column, and it outlives erasure: a literal name, or the
    // outcome output of an earlier step that carries one (a child journey's, itself a literal of the child's Core.End).
    // Never data bound from the input, a variable or any other output ("$input.kind" put a mobile number into /metrics).
    private void CheckJourneyOutcomes(StepDefinition step, ActivityDescriptor descriptor, Dictionary<string, StepDefinition> steps, Checker check)
    {
        foreach (var input in descriptor.Inputs.Where(i => i.IsJourneyOutcome))
        {
            if (step.Inputs?[input.Name] is not { } value)
            {
                continue; // a missing required input is reported by CheckInputs
            }

            var field = "inputs." + input.Name;
            if (!Bindings.IsBound(value))
            {
                if (value.GetValueKind() == JsonValueKind.String && !JourneyOutcomeName.IsValid(value.GetValue<string>()))
                {
                    check.Add(step.Id, DefinitionErrorCode.InvalidInput,
                        $"Journey outcome '{value.GetValue<string>()}' is not a name: a letter, then letters, digits, '_' or '-', at most {JourneyOutcomeName.MaxLength} characters.", field);
                }
            }
            else if (!IsJourneyOutcomeOutput(value, steps))
            {
                check.Add(step.Id, DefinitionErrorCode.InvalidInput,
                    $"Input '{input.Name}' of activity '{descriptor.TypeName}' is the journey's outcome, which metrics, the journey list and the funnel show and erasure keeps: " +
                    "write a literal name (such as Disbursed), not a binding; only a child journey's outcome ($steps.<step>.output.outcome of a Journey.RunChild step) may be passed on.", field);
            }
        }
    }

    private bool IsJourneyOutcomeOutput(JsonNode value, Dictionary<string, StepDefinition> steps) =>
        value is JsonValue text && text.GetValueKind() == JsonValueKind.String
        && text.GetValue<string>().Trim() is { } reference && reference.StartsWith('$') && !reference.StartsWith("$$", StringComparison.Ordinal)
        && Bindings.TryParse(reference, out _) is { Root: BindingRoot.Steps, Path: [var output] } parsed
        && steps.TryGetValue(parsed.StepId!, out var source) && registry.TryGet(source.Activity, out var sourceDescriptor)
        && sourceDescriptor.JourneyOutcomeOutput == output;

    internal static bool LiteralFits(JsonNode value, ActivityValueType type)
    {
        var kind = value.GetValueKind();
        return type switch
        {
            ActivityValueType.String => kind == JsonValueKind.String,
            ActivityValueType.Number => kind == JsonValueKind.Number,
            ActivityValueType.Integer => kind == JsonValueKind.Number && IsWhole(value),
            ActivityValueType.Boolean => kind is JsonValueKind.True or JsonValueKind.False,
            ActivityValueType.Object => kind == JsonValueKind.Object,
            ActivityValueType.Array => kind == JsonValueKind.Array,
            ActivityValueType.Duration => kind == JsonValueKind.Number || (kind == JsonValueKind.String && Durations.TryParse(value.GetValue<string>(), out _)),
            _ => true,
        };
    }

    // A number node may be parsed JSON or a CLR value of any numeric type (a definition built in code): GetValue<decimal>
    // converts only the former, so read the number from its JSON text, which both have.
    private static bool IsWhole(JsonNode number)
    {
        var text = number.ToJsonString();
        return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var exact)
            ? exact % 1 == 0
            : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var wide) && double.IsFinite(wide) && Math.Floor(wide) == wide;
    }

    private static Dictionary<string, HashSet<string>> Predecessors(Dictionary<string, StepDefinition> steps)
    {
        // Transitive predecessors: X precedes S when some path leads from X to S.
        var result = steps.Keys.ToDictionary(k => k, _ => new HashSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var origin in steps.Keys)
        {
            var stack = new Stack<string>(Successors(steps, origin));
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (stack.TryPop(out var current))
            {
                if (!seen.Add(current) || !result.TryGetValue(current, out var set))
                {
                    continue;
                }

                set.Add(origin);
                foreach (var next in Successors(steps, current))
                {
                    stack.Push(next);
                }
            }
        }

        return result;
    }

    private static IEnumerable<string> Successors(Dictionary<string, StepDefinition> steps, string stepId) =>
        steps.TryGetValue(stepId, out var step) && step.Next is { } next ? next.Values.Where(steps.ContainsKey).Distinct() : [];

    private static void CheckReachability(WorkflowDefinition definition, Dictionary<string, StepDefinition> steps, Checker check)
    {
        if (!steps.ContainsKey(definition.Start))
        {
            return;
        }

        var reached = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>([definition.Start]);
        while (stack.TryPop(out var current))
        {
            if (reached.Add(current))
            {
                foreach (var next in Successors(steps, current))
                {
                    stack.Push(next);
                }
            }
        }

        foreach (var step in definition.Steps.Where(s => !reached.Contains(s.Id)))
        {
            check.Add(step.Id, DefinitionErrorCode.UnreachableStep, $"No path from start step '{definition.Start}' reaches this step.", "id");
        }
    }

    private static void CheckCyclesWithoutWait(Dictionary<string, StepDefinition> steps, Dictionary<string, CompiledStep> compiled, Checker check)
    {
        // A loop is fine when some step in it can suspend; drop those steps and look for a loop among the rest.
        var busy = steps.Keys.Where(id => compiled.TryGetValue(id, out var c) && !c.Descriptor.IsWait).ToHashSet(StringComparer.Ordinal);
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in busy.Order(StringComparer.Ordinal))
        {
            Visit(id, []);
        }

        void Visit(string id, List<string> path)
        {
            state[id] = 1;
            path.Add(id);
            foreach (var next in Successors(steps, id).Where(busy.Contains))
            {
                if (state.GetValueOrDefault(next) == 1)
                {
                    var cycle = path[path.IndexOf(next)..];
                    if (reported.Add(string.Join('>', cycle.Order(StringComparer.Ordinal))))
                    {
                        check.Add(next, DefinitionErrorCode.CycleWithoutWait,
                            $"Loop {string.Join(" -> ", cycle.Append(next))} has no step that can wait (add a Core.Delay or another wait).", "next");
                    }
                }
                else if (state.GetValueOrDefault(next) == 0)
                {
                    Visit(next, path);
                }
            }

            path.RemoveAt(path.Count - 1);
            state[id] = 2;
        }
    }

    private static void CheckBindings(WorkflowDefinition definition, Dictionary<string, StepDefinition> steps, Dictionary<string, HashSet<string>> predecessors, Checker check)
    {
        var inputs = definition.Input.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        var variables = (definition.Variables ?? []).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var step in steps.Values)
        {
            foreach (var (input, value) in step.Inputs ?? [])
            {
                Check(step, value, compensation: false, "inputs." + input);
            }

            foreach (var (input, value) in step.Compensation?.Inputs ?? [])
            {
                Check(step, value, compensation: true, "compensation.inputs." + input);
            }

            if (step.Activity == "Core.SetVariable" && step.Inputs?["name"] is JsonValue name && name.GetValueKind() == JsonValueKind.String
                && !variables.Contains(name.GetValue<string>()))
            {
                check.Add(step.Id, DefinitionErrorCode.BadBinding, $"Variable '{name.GetValue<string>()}' is not declared in 'variables'.", "inputs.name");
            }
        }

        void Check(StepDefinition step, JsonNode? values, bool compensation, string field)
        {
            foreach (var (reference, error) in Bindings.Find(values))
            {
                if (reference is null)
                {
                    check.Add(step.Id, DefinitionErrorCode.BadBinding, error!, field);
                    continue;
                }

                var first = reference.Path.Count > 0 ? reference.Path[0] : null;
                switch (reference.Root)
                {
                    case BindingRoot.Input when first is not null && !inputs.Contains(first):
                        check.Add(step.Id, DefinitionErrorCode.BadBinding, $"$input.{first} is not a declared input field{Known("the fields are", first, inputs)}", field);
                        break;
                    case BindingRoot.Input when UndeclaredProperty(definition.Input, reference.Path) is { } undeclared:
                        check.Add(step.Id, DefinitionErrorCode.BadBinding, undeclared, field);
                        break;
                    case BindingRoot.Vars when !variables.Contains(first!):
                        check.Add(step.Id, DefinitionErrorCode.BadBinding, $"$vars.{first} is not a declared variable{Known("the variables are", first!, variables)}", field);
                        break;
                    case BindingRoot.Steps when !steps.ContainsKey(reference.StepId!):
                        check.Add(step.Id, DefinitionErrorCode.BadBinding, $"$steps.{reference.StepId} names a step that does not exist.{Guess(reference.StepId!, steps.Keys)}", field);
                        break;
                    case BindingRoot.Steps when !(compensation && reference.StepId == step.Id)
                        && !(predecessors.TryGetValue(step.Id, out var before) && before.Contains(reference.StepId!) && reference.StepId != step.Id):
                        check.Add(step.Id, DefinitionErrorCode.BadBinding, $"$steps.{reference.StepId} does not run before this step, so its output is not available.", field);
                        break;
                }
            }
        }
    }

    // Session 46's designer walk: "$input.custmerId is not a declared input field." said what and where, but not what was
    // declared nor the nearest, as the nested names' message (below) and the unknown output's do.
    private static string Known(string what, string name, HashSet<string> declared) =>
        declared.Count == 0 ? "; none are declared." : $"; {what} {string.Join(", ", declared)}.{Guess(name, declared)}";

    private static string Guess(string name, IEnumerable<string> candidates) =>
        Closest(name, candidates) is { } near ? $" Did you mean '{near}'?" : "";

    // Session 45: "$input.basicDetails.personalDetails.pann" compiled although 'personalDetails' declares its properties and
    // 'pann' is not one, so the start refuses any such field (additionalProperties: false) and the binding always read null.
    // Each segment below an Object that declares its properties must be one of them; below a free-form object (no properties,
    // or a field that is not an Object) nothing is judged. The message names the full path, the object, what it takes and
    // the nearest declared name; null when the path is declared as far as declarations go.
    internal static string? UndeclaredProperty(IReadOnlyList<InputFieldDefinition> input, IReadOnlyList<string> path)
    {
        IReadOnlyList<InputFieldDefinition>? declared = input;
        for (var i = 0; i < path.Count && declared is not null; i++)
        {
            var field = declared.FirstOrDefault(f => f is not null && string.Equals(f.Name, path[i], StringComparison.Ordinal));
            if (field is null)
            {
                // The first segment has its own message ("is not a declared input field"); only nested ones get here.
                if (i == 0)
                {
                    return null;
                }

                var owner = string.Join('.', path.Take(i));
                var names = declared.Where(f => f is not null).Select(f => f.Name).ToList();
                var guess = Closest(path[i], names) is { } near ? $" Did you mean '{near}'?" : "";
                return $"$input.{string.Join('.', path)}: input field '{owner}' declares no property '{path[i]}'; it takes {(names.Count == 0 ? "none" : string.Join(", ", names))}.{guess}";
            }

            declared = field.Type == ActivityValueType.Object ? field.Properties : null;
        }

        return null;
    }

    // Walk 42: "$steps.disburse.output.loanAcountNumber" (a typo) was Valid, published and read null, so a token share went out
    // without its token. Only the first name after "output." is checked (what lies below it is the activity's own data), and
    // only against an activity that declares its outputs: one that declares none (Core.Branch, Core.End …) is not checked.
    private void CheckOutputNames(Dictionary<string, StepDefinition> steps, Checker check)
    {
        foreach (var step in steps.Values)
        {
            foreach (var (input, value) in step.Inputs ?? [])
            {
                Check(step, value, "inputs." + input);
            }

            foreach (var (input, value) in step.Compensation?.Inputs ?? [])
            {
                Check(step, value, "compensation.inputs." + input);
            }
        }

        void Check(StepDefinition step, JsonNode? value, string field)
        {
            foreach (var (reference, _) in Bindings.Find(value))
            {
                if (reference is not { Root: BindingRoot.Steps, Path.Count: > 0 } || !steps.TryGetValue(reference.StepId!, out var source)
                    || !registry.TryGet(source.Activity, out var descriptor) || descriptor.Outputs.Count == 0
                    || descriptor.Outputs.Contains(reference.Path[0], StringComparer.Ordinal))
                {
                    continue;
                }

                var name = reference.Path[0];
                var guess = Closest(name, descriptor.Outputs) is { } near ? $" Did you mean '{near}'?" : "";
                check.Add(step.Id, DefinitionErrorCode.BadBinding,
                    $"$steps.{reference.StepId}.output.{name}: activity '{descriptor.TypeName}' has no output '{name}'; its outputs are " +
                    $"{string.Join(", ", descriptor.Outputs)}.{guess}", field);
            }
        }
    }

    /// <summary>The candidate nearest to a mistyped <paramref name="name"/>, when it is at most two edits away (letter case counts
    /// as no edit), else null: what a "Did you mean …?" names (a definition's references, a workflow id, the list's <c>deferredOn</c>).</summary>
    public static string? Closest(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = MaxSuggestionDistance + 1;
        foreach (var candidate in candidates)
        {
            var distance = EditDistance(name.ToUpperInvariant(), candidate.ToUpperInvariant());
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        return best;
    }

    private const int MaxSuggestionDistance = 2;

    // Levenshtein distance (insert, delete, substitute), one row at a time.
    private static int EditDistance(string a, string b)
    {
        var row = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            row[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            var diagonal = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }

        return row[b.Length];
    }

    private sealed class Checker(WorkflowDefinition definition, string file, List<DefinitionError> errors)
    {
        public void Add(string? stepId, DefinitionErrorCode code, string message, string? field = null) =>
            errors.Add(new DefinitionError(file, definition.Id, stepId, code, message, field));
    }
}
