using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LoanJourney.Engine.Definitions;
using LoanJourney.Engine.Errors;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage;

namespace LoanJourney.Engine.Runtime;

internal sealed partial class WorkflowClient
{
    public async Task<WorkflowInstance> GoToStepAsync(string instanceId, string stepId, string? by, string? reason, CancellationToken cancellationToken = default)
    {
        await AlterAsync(instanceId, "go to another step of", instance => GoToCommitAsync(instance, stepId, by, reason, cancellationToken), cancellationToken);
        return await GetInstanceAsync(instanceId, cancellationToken);
    }

    private async Task<InstanceCommit> GoToCommitAsync(InstanceRecord instance, string stepId, string? by, string? reason, CancellationToken cancellationToken)
    {
        var workflow = await catalog.GetAsync(instance.WorkflowId, instance.WorkflowVersion, cancellationToken);
        if (string.IsNullOrWhiteSpace(stepId) || !workflow.Steps.TryGetValue(stepId, out var target))
        {
            throw new AlterationInvalidException("stepId", $"Version {workflow.Version} of '{workflow.Id}' has no step '{stepId}'; use one of {string.Join(", ", workflow.Steps.Keys.Order(StringComparer.Ordinal))}.");
        }

        // Leaving or re-entering a step whose once-only call may have taken effect could send it again: the operator resolves it first.
        var intents = await store.GetOpenIntentsAsync(instance.Id, cancellationToken);
        if (intents.Count > 0)
        {
            throw new UnresolvedIntentException(instance.Id, intents);
        }

        var history = EngineJson.ReadHistory(instance.HistoryJson);
        if (target.Descriptor.IsOnceOnly && history.Any(e => e.StepId == stepId && e.Status == StepStatuses.Completed))
        {
            throw new InvalidInstanceStateException(instance.Id, $"go to step '{stepId}' of", instance.Status.ToString(), $"past its once-only call ({target.Descriptor.TypeName} completed; going back would send it again)");
        }

        // Nor may it open a way back to a once-only call the journey already made (going back before a completed block runs
        // the block again): a completed once-only step reachable from the target must be one the journey reaches from where
        // it is anyway (a loop it is in, whose once-only steps run once per turn by design).
        var fromTarget = Reachable(workflow, stepId);
        var fromHere = instance.CurrentStepId is { } here && workflow.Steps.ContainsKey(here) ? Reachable(workflow, here) : [];
        var again = history.Where(e => e.Status == StepStatuses.Completed && workflow.Steps.TryGetValue(e.StepId, out var done) && done.Descriptor.IsOnceOnly
                && fromTarget.Contains(e.StepId) && !fromHere.Contains(e.StepId))
            .Select(e => $"'{e.StepId}' ({workflow.Steps[e.StepId].Descriptor.TypeName})").Distinct().ToList();
        if (again.Count > 0)
        {
            throw new InvalidInstanceStateException(instance.Id, $"go to step '{stepId}' of", instance.Status.ToString(),
                $"past its once-only call{(again.Count > 1 ? "s" : "")} {string.Join(", ", again)}: the way on from '{stepId}' would send {(again.Count > 1 ? "them" : "it")} again");
        }

        var now = time.GetUtcNow();
        var last = history.FindLastIndex(e => e.StepId == instance.CurrentStepId);
        if (last >= 0 && history[last].Status is not (StepStatuses.Completed or StepStatuses.Skipped))
        {
            history[last] = history[last] with { Status = StepStatuses.Skipped, FinishedAt = now };
        }

        var next = instance with
        {
            Status = WorkflowStatus.Running,
            CurrentStepId = stepId,
            Attempt = 1,
            StepStateJson = null,
            PendingStimulusJson = null,
            ReadyAt = now,
            HistoryJson = EngineJson.WriteHistory(history),
        };
        return new InstanceCommit
        {
            State = next,
            ExpectedVersion = instance.Version,
            Previous = instance,
            RequireNoLease = true,
            DeleteBookmarks = true,
            ResolveIncidents = instance.Status == WorkflowStatus.Faulted ? $"goto:{stepId}" : null,
            Journal = [new JournalRecord(0, instance.Id, now, JournalKinds.WentToStep, stepId, null,
                new JsonObject { ["fromStep"] = instance.CurrentStepId, ["toStep"] = stepId, ["by"] = by, ["reason"] = reason }.ToJsonString())],
            Now = now,
        };
    }

    public async Task<WorkflowInstance> SetVariablesAsync(string instanceId, JsonObject values, string? by, string? reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        await AlterAsync(instanceId, "set variables of", instance => SetVariablesCommitAsync(instance, values, by, reason, cancellationToken), cancellationToken);
        return await GetInstanceAsync(instanceId, cancellationToken);
    }

    private async Task<InstanceCommit> SetVariablesCommitAsync(InstanceRecord instance, JsonObject values, string? by, string? reason, CancellationToken cancellationToken)
    {
        var workflow = await catalog.GetAsync(instance.WorkflowId, instance.WorkflowVersion, cancellationToken);
        var declared = workflow.Definition.Variables ?? [];
        if (values.Count == 0)
        {
            throw new AlterationInvalidException("set", "Name at least one variable.");
        }

        var variables = EngineJson.ParseObject(instance.VariablesJson);
        foreach (var (name, value) in values)
        {
            if (!declared.TryGetPropertyValue(name, out var initial))
            {
                throw new AlterationInvalidException($"set.{name}",
                    $"'{workflow.Id}' v{workflow.Version} declares no variable '{name}'; declared: {string.Join(", ", declared.Select(p => p.Key).Order(StringComparer.Ordinal))}.");
            }

            // The declared default gives the type when it has one; a null default accepts any JSON value.
            if (initial is not null && value is not null && Kind(initial.GetValueKind()) != Kind(value.GetValueKind()))
            {
                throw new AlterationInvalidException($"set.{name}", $"Must be {Kind(initial.GetValueKind())} (or null), like its declared default, not {Kind(value.GetValueKind())}.");
            }

            variables[name] = value?.DeepClone();
        }

        // A once-only call not settled is resent or reconciled from its step's inputs: a variable those inputs read, changed
        // now, would make the resend another request than the one that was sent (the partner told a different account).
        var reading = (await store.GetOpenIntentsAsync(instance.Id, cancellationToken))
            .Select(i => (Intent: i, Names: workflow.Steps.TryGetValue(i.StepId, out var step)
                ? values.Select(v => v.Key).Where(n => ReadsVariable(step.Definition.Inputs, n)).ToList()
                : []))
            .Where(r => r.Names.Count > 0)
            .ToList();
        if (reading.Count > 0)
        {
            var names = reading.SelectMany(r => r.Names).Distinct(StringComparer.Ordinal);
            throw new UnresolvedIntentException(instance.Id, reading.Select(r => r.Intent).ToList(),
                $"its step reads {string.Join(", ", names.Select(n => "$vars." + n))}, so its resend would not be the request that was sent: " +
                "settle it first (confirm-sent or confirm-not-sent), then set the variable.");
        }

        var now = time.GetUtcNow();
        return new InstanceCommit
        {
            State = instance with { VariablesJson = variables.ToJsonString() },
            ExpectedVersion = instance.Version,
            Previous = instance,
            RequireNoLease = true,
            Journal = [new JournalRecord(0, instance.Id, now, JournalKinds.VariablesSet, instance.CurrentStepId, null, new JsonObject
            {
                ["names"] = new JsonArray(values.Select(p => (JsonNode)JsonValue.Create(p.Key)).ToArray()),
                ["by"] = by,
                ["reason"] = reason,
            }.ToJsonString())],
            Now = now,
        };
    }

    // The steps a journey at stepId can still reach, stepId included, by any outcome.
    private static HashSet<string> Reachable(CompiledWorkflow workflow, string stepId)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { stepId };
        var todo = new Stack<string>([stepId]);
        while (todo.TryPop(out var id))
        {
            foreach (var next in workflow.Steps.TryGetValue(id, out var step) && step.Definition.Next is { } edges ? edges.Values : [])
            {
                if (seen.Add(next))
                {
                    todo.Push(next);
                }
            }
        }

        return seen;
    }

    private static string Kind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Number => "a number",
        JsonValueKind.String => "a string",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };

    // Whether a step's inputs bind $vars.<name> (alone or in a template), not a longer name that starts with it.
    private static bool ReadsVariable(JsonObject? inputs, string name) =>
        inputs is not null && Regex.IsMatch(inputs.ToJsonString(), @"\$vars\." + Regex.Escape(name) + @"(?![A-Za-z0-9_])", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    // Reads, checks and commits an alteration (change: its own checks, which throw, and its commit), read again when the journey moved
    // on its own in between (CommitChangeAsync); instance_busy when it keeps moving.
    private async Task AlterAsync(string instanceId, string operation, Func<InstanceRecord, Task<InstanceCommit>> change, CancellationToken cancellationToken)
    {
        try
        {
            await CommitChangeAsync(await LoadAsync(instanceId, cancellationToken),
                async read => await change(await AlterableAsync(read, operation, cancellationToken)), cancellationToken);
        }
        catch (StaleCommitException)
        {
            throw new InstanceBusyException(instanceId);
        }
    }

    // The journey as read, its lease given back when a node keeps it parked: Waiting or Faulted, not being cancelled, no runner on it.
    private async Task<InstanceRecord> AlterableAsync(InstanceRecord read, string operation, CancellationToken cancellationToken)
    {
        var instance = await ReleaseIfParkedElsewhereAsync(await ReleaseIfParkedHereAsync(read, cancellationToken), cancellationToken);
        if (instance.Status is not (WorkflowStatus.Waiting or WorkflowStatus.Faulted))
        {
            throw new InvalidInstanceStateException(instance.Id, operation, instance.Status.ToString());
        }

        if (instance.CancelRequested)
        {
            throw new InvalidInstanceStateException(instance.Id, operation, instance.Status.ToString(), "being cancelled");
        }

        return instance.LeaseOwner is not null && instance.LeaseExpiresAt is { } until && until > time.GetUtcNow()
            ? throw new InstanceBusyException(instance.Id)
            : instance;
    }

    // How many times an operator's change reads, checks and commits a journey that moved between its check and its commit.
    private const int MaxChangeReads = 3;

    /// <summary>
    /// Commits an operator's change (a migration, a goto, variables), which must land on the row it checked with no runner holding it
    /// (<see cref="InstanceCommit.RequireNoLease"/>). A journey moving on its own between polls changes in that window: its lease
    /// given back for the change, its poll timer can fall due and be claimed, and the poll's commit lands first. Such a journey is
    /// read, checked (<paramref name="prepare"/>, from the fresh row) and committed again, up to <see cref="MaxChangeReads"/> times;
    /// after that the <see cref="StaleCommitException"/> is the caller's to answer. False when <paramref name="prepare"/> gives no
    /// commit (refused, or a dry run).
    /// </summary>
    private async Task<bool> CommitChangeAsync(InstanceRecord first, Func<InstanceRecord, Task<InstanceCommit?>> prepare, CancellationToken cancellationToken)
    {
        var instance = first;
        for (var read = 1; ; read++)
        {
            if (await prepare(instance) is not { } commit)
            {
                return false;
            }

            try
            {
                await store.CommitAsync(commit, cancellationToken);
                wakeup.Set();
                return true;
            }
            catch (StaleCommitException) when (read < MaxChangeReads)
            {
                instance = await LoadAsync(first.Id, cancellationToken);
            }
        }
    }

    /// <summary>
    /// An operator's change (a migration, a goto, variables) needs the journey's lease free. A journey parked on this node's
    /// short timer (a lender poll, a retry back-off: <see cref="ParkedRuns"/>) keeps its lease for as long as it polls — hours
    /// for a KYC in manual review — so it would never be free: this node gives it back first (what the parked run had not
    /// committed is committed, the lease released; the timer then fires from the store like any other, unless the change
    /// moves the journey first). When its timer has just fired (the poll's lender call is out), the run is asked to give the
    /// lease back when it parks again, and the change waits for that (<see cref="WaitForReleaseAsync"/>) instead of answering
    /// "held" for a poll in flight. A journey parked on another node is asked for (<see cref="ReleaseIfParkedElsewhereAsync"/>).
    /// </summary>
    private async Task<InstanceRecord> ReleaseIfParkedHereAsync(InstanceRecord instance, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!string.Equals(instance.LeaseOwner, options.NodeId, StringComparison.Ordinal))
        {
            return instance;
        }

        var run = parked.Take(instance.Id);
        if (run is null)
        {
            if (!HeldHere(instance, now))
            {
                return instance;
            }

            // Its run is in flight here: released when it parks (or now, if it parked since the row was read).
            run = parked.RequestRelease(instance.Id, now, now + WorkflowDispatcher.ReleaseRequestHold);
            if (run is null)
            {
                return await WaitForReleaseAsync(instance, cancellationToken);
            }
        }

        try
        {
            await runner.CommitUncommittedAsync(run, release: true, cancellationToken);
        }
        catch (StaleCommitException)
        {
            // The lease was no longer the parked run's: whoever holds it now is seen by the caller's own check.
        }

        return await LoadAsync(instance.Id, cancellationToken);
    }

    private static readonly TimeSpan ReleaseCheckEvery = TimeSpan.FromMilliseconds(25);

    /// <summary>
    /// A Waiting journey this node holds: parked on its short timer, or that run resumed and in flight (its poll's lender call
    /// out; a step that goes on would have the journey Running). It parks again or moves on within the poll's time-out.
    /// </summary>
    private bool HeldHere(InstanceRecord instance, DateTimeOffset now) =>
        string.Equals(instance.LeaseOwner, options.NodeId, StringComparison.Ordinal) && instance.LeaseExpiresAt is { } until && until > now &&
        (instance.Status == WorkflowStatus.Waiting || parked.Contains(instance.Id));

    /// <summary>
    /// A Waiting journey whose lease another node holds is one that node keeps parked on a short poll timer (a step in flight
    /// would have the journey Running). Only stores whose nodes hear each other (PostgreSQL's NOTIFY) can ask for it.
    /// </summary>
    private bool ParkedElsewhere(InstanceRecord instance, DateTimeOffset now) =>
        store is IWorkNotificationSource && instance.Status == WorkflowStatus.Waiting && instance.LeaseOwner is not null &&
        !string.Equals(instance.LeaseOwner, options.NodeId, StringComparison.Ordinal) && instance.LeaseExpiresAt is { } until && until > now;

    /// <summary>
    /// Asks the node that keeps <paramref name="instance"/> parked to give its lease back (<see cref="WorkflowDispatcher.OnReleaseRequested"/>)
    /// and waits for it (<see cref="WaitForReleaseAsync"/>).
    /// </summary>
    private async Task<InstanceRecord> ReleaseIfParkedElsewhereAsync(InstanceRecord instance, CancellationToken cancellationToken)
    {
        if (store is not IWorkNotificationSource nodes || !ParkedElsewhere(instance, time.GetUtcNow()))
        {
            return instance;
        }

        await nodes.RequestReleaseAsync(instance.Id, cancellationToken);
        return await WaitForReleaseAsync(instance, cancellationToken);
    }

    /// <summary>
    /// Waits up to <see cref="EngineOptions.ReleaseWait"/>, on the wall clock (the wait is for a lender's answer or another
    /// process, not engine time), for a journey asked for to be given back. Returns the row as it then is: released, moved on,
    /// or still held (a poll awaiting its lender longer, or a node that is down, whose lease ends on its own); the caller's
    /// checks decide.
    /// </summary>
    private async Task<InstanceRecord> WaitForReleaseAsync(InstanceRecord instance, CancellationToken cancellationToken)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            await Task.Delay(ReleaseCheckEvery, TimeProvider.System, cancellationToken);
            var fresh = await LoadAsync(instance.Id, cancellationToken);
            var now = time.GetUtcNow();
            if (fresh.LeaseOwner is null || fresh.Version != instance.Version && !HeldHere(fresh, now) && !ParkedElsewhere(fresh, now) ||
                TimeProvider.System.GetElapsedTime(started) >= options.ReleaseWait)
            {
                return fresh;
            }
        }
    }
}
