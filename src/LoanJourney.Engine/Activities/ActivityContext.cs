using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LoanJourney.Engine.Activities;

/// <summary>Everything an activity may read or change while it runs one step.</summary>
public sealed class ActivityContext
{
    private readonly List<ActivityJournalEntry> _journal = [];
    private readonly Dictionary<string, JsonNode?> _intents;
    private readonly Func<string, JsonNode, bool, CancellationToken, Task> _saveIntent;
    private readonly string? _variablesJson;
    private JsonObject? _variables;

    internal ActivityContext(
        ActivityContextInit init,
        Dictionary<string, JsonNode?> intents,
        Func<string, JsonNode, bool, CancellationToken, Task> saveIntent)
    {
        InstanceId = init.InstanceId;
        WorkflowId = init.WorkflowId;
        WorkflowVersion = init.WorkflowVersion;
        CorrelationId = init.CorrelationId;
        Partner = init.Partner;
        StepId = init.StepId;
        Attempt = init.Attempt;
        Inputs = init.Inputs;
        _variablesJson = init.VariablesJson;
        State = init.State;
        Time = init.Time;
        CancellationToken = init.CancellationToken;
        NodeId = init.NodeId;
        _intents = intents;
        _saveIntent = saveIntent;
    }

    /// <summary>Workflow instance id.</summary>
    public string InstanceId { get; }

    /// <summary>Workflow definition id.</summary>
    public string WorkflowId { get; }

    /// <summary>Definition version the instance runs on.</summary>
    public int WorkflowVersion { get; }

    /// <summary>Caller's correlation id, if any.</summary>
    public string? CorrelationId { get; }

    /// <summary>
    /// The partner whose journey this is (docs/server.md, "Partner scope"); null for the team's. A journey this step starts
    /// (a child) is started for the same partner, so the partner can read it.
    /// </summary>
    public string? Partner { get; }

    /// <summary>The step being run.</summary>
    public string StepId { get; }

    /// <summary>
    /// The node running this step (<c>Engine:NodeId</c>), or null outside the engine's runner. A money call records it on each
    /// send of its intent, so after a node died mid-call the intent says which node's log tells what was sent (walk 45).
    /// </summary>
    public string? NodeId { get; }

    /// <summary>1 for the first attempt; increases with each retry.</summary>
    public int Attempt { get; }

    /// <summary>The step's inputs with every binding resolved.</summary>
    public JsonObject Inputs { get; }

    /// <summary>
    /// Workflow variables; changes are committed with the step (a failed step's are not). This step's own object, parsed from the
    /// committed text when first read or changed: nothing else holds it, and a step that never reads them commits the text unchanged.
    /// </summary>
    public JsonObject Variables => _variables ??= Runtime.EngineJson.ParseObject(_variablesJson);

    // The variables' object when this step read or changed them, else null (the runner then keeps the committed text).
    internal JsonObject? VariablesIfRead => _variables;

    /// <summary>Durable per-step state, kept across suspensions of this step (e.g. a poll counter); cleared when the step completes.</summary>
    public JsonObject State { get; }

    /// <summary>The engine clock.</summary>
    public TimeProvider Time { get; }

    /// <summary>Cancelled when the step times out or the engine stops.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>The current engine time.</summary>
    public DateTimeOffset UtcNow => Time.GetUtcNow();

    internal IReadOnlyList<ActivityJournalEntry> JournalEntries => _journal;

    /// <summary>Appends an entry (e.g. a masked lender call record) to the journal, committed with the step.</summary>
    public void AddJournalEntry(string kind, JsonNode? data)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        _journal.Add(new ActivityJournalEntry(kind, data?.DeepClone(), UtcNow));
    }

    /// <summary>Sets a workflow variable.</summary>
    public void SetVariable(string name, JsonNode? value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Variables[name] = value?.DeepClone();
    }

    /// <summary>
    /// Says why the step does not take the sensitive signal it was resumed by and waits for it again (a wrong OTP, a lender that
    /// could not verify it now): the signal's caller gets it in the answer to its call (<see cref="Model.SignalAnswer"/>), which
    /// is the only moment it can act, since the payload is never stored. Used only when the step suspends on that same signal
    /// again; a step that completes took the signal. <paramref name="message"/> is shown to the sender: no PII, never the payload.
    /// </summary>
    /// <param name="reason">A stable code, e.g. <c>OtpIncorrect</c>, <c>LenderUnavailable</c>.</param>
    /// <param name="message">Words for the sender, e.g. "The OTP is not correct."</param>
    /// <param name="attemptsLeft">How many more times the step takes the signal, when it counts them.</param>
    public void AskAgain(string reason, string message, int? attemptsLeft = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        AskedAgain = new AskAgainReason(reason, message, attemptsLeft);
    }

    internal AskAgainReason? AskedAgain { get; private set; }

    /// <summary>Reads a workflow variable.</summary>
    public JsonNode? GetVariable(string name) => Variables.TryGetPropertyValue(name, out var value) ? value : null;

    /// <summary>
    /// Persists an intent in its own committed transaction before a once-only side effect (a disbursal, a block) is sent.
    /// A re-run of this step after a crash sees it through <see cref="GetIntent"/> and must reconcile instead of
    /// sending again. Intents of a step are resolved when the step completes. When the journey's cancel was requested
    /// before this save, nothing is saved, the attempt stops here (the side effect must not be sent) and the journey
    /// compensates instead; a compensation's own intents are always saved.
    /// </summary>
    public Task SaveIntentAsync(string key, JsonNode data) => SaveAsync(key, data, beforeSend: true);

    /// <summary>
    /// Updates an intent after its side effect was sent (the lender's answer, its reference): saved even when a cancel was
    /// requested meanwhile, since the call is out and a re-run or the operator must know what it answered.
    /// </summary>
    public Task RecordIntentAsync(string key, JsonNode data) => SaveAsync(key, data, beforeSend: false);

    private async Task SaveAsync(string key, JsonNode data, bool beforeSend)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(data);
        await _saveIntent(key, data, beforeSend, CancellationToken);
        _intents[key] = data.DeepClone();
    }

    /// <summary>The unresolved intent saved under <paramref name="key"/> by an earlier run of this instance, or null.</summary>
    public JsonNode? GetIntent(string key) => _intents.TryGetValue(key, out var value) ? value?.DeepClone() : null;

    /// <summary>Whether an input was given (and is not JSON null).</summary>
    public bool HasInput(string name) => Inputs.TryGetPropertyValue(name, out var value) && value is not null;

    /// <summary>An input as JSON, or null.</summary>
    public JsonNode? GetInput(string name) => Inputs.TryGetPropertyValue(name, out var value) ? value : null;

    /// <summary>A required string input (numbers and booleans are converted).</summary>
    public string GetRequiredString(string name) =>
        GetOptionalString(name) ?? throw new ActivityInputException(name, $"Input '{name}' is required but was missing or null.");

    /// <summary>An optional string input.</summary>
    public string? GetOptionalString(string name)
    {
        var node = GetInput(name);
        return node switch
        {
            null => null,
            JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
            JsonValue value => value.ToJsonString(),
            _ => throw new ActivityInputException(name, $"Input '{name}' must be a string, not {node.GetValueKind()}."),
        };
    }

    /// <summary>An optional duration input (<c>00:05:00</c> or <c>PT5M</c> or a number of seconds).</summary>
    public TimeSpan? GetOptionalDuration(string name)
    {
        var node = GetInput(name);
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue number && number.GetValueKind() == JsonValueKind.Number)
        {
            return TimeSpan.FromSeconds(number.GetValue<double>());
        }

        var text = GetOptionalString(name);
        return Durations.TryParse(text, out var duration)
            ? duration
            : throw new ActivityInputException(name, $"Input '{name}' is not a duration.");
    }

    /// <summary>An input deserialized to <typeparamref name="T"/>.</summary>
    public T? GetInput<T>(string name, JsonSerializerOptions? options = null)
    {
        var node = GetInput(name);
        try
        {
            return node is null ? default : node.Deserialize<T>(options ?? JsonSerializerOptions.Web);
        }
        catch (JsonException ex)
        {
            throw new ActivityInputException(name, string.Create(CultureInfo.InvariantCulture, $"Input '{name}' has the wrong shape: {ex.Message}"));
        }
    }
}
