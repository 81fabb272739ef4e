using System.Text.Json.Nodes;
using LoanJourney.Engine.Definitions;
using LoanJourney.Engine.Errors;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage;

namespace LoanJourney.Engine.Runtime;

internal sealed partial class WorkflowClient
{
    public async Task<MigrationResult> MigrateAsync(string instanceId, MigrationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await initializer.EnsureInitializedAsync(cancellationToken);
        var instance = await LoadAsync(instanceId, cancellationToken);
        var target = await catalog.GetAsync(instance.WorkflowId, request.ToVersion, cancellationToken);
        foreach (var (from, to) in request.StepMap)
        {
            if (!target.Steps.ContainsKey(to))
            {
                throw new AlterationInvalidException($"stepMap.{from}", $"Version {target.Version} of '{target.Id}' has no step '{to}'.");
            }
        }

        MigrationResult? check = null;
        try
        {
            var moved = await CommitChangeAsync(instance, async read =>
            {
                (check, var commit) = await PrepareMigrationAsync(read, target, request, cancellationToken);
                return commit;
            }, cancellationToken);
            return moved ? check! with { Migrated = true } : check!;
        }
        catch (StaleCommitException)
        {
            // It moved under every read: say why it cannot move now (a runner holds it, it went on past its wait), or that it keeps moving.
            var now = time.GetUtcNow();
            var last = await CheckMigrationAsync(await LoadAsync(instanceId, cancellationToken), target, request, now, cancellationToken, released: true);
            return last.CanMigrate
                ? last with
                {
                    CanMigrate = false,
                    Code = MigrationCodes.ChangedMeanwhile,
                    Reason = $"It changed each of the {MaxChangeReads} times it was checked and moved (it resumed, or a runner took it); check again.",
                }
                : last;
        }
    }

    /// <summary>
    /// Checks the move of <paramref name="instance"/> as read and, unless it cannot move or this is a dry run, gives back the lease a
    /// node keeps it parked with, checks it again and builds the commit that moves it; null commit: the check is the answer.
    /// </summary>
    private async Task<(MigrationResult Check, InstanceCommit? Commit)> PrepareMigrationAsync(InstanceRecord instance, CompiledWorkflow target,
        MigrationRequest request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var check = await CheckMigrationAsync(instance, target, request, now, cancellationToken);
        if (!check.CanMigrate || request.DryRun)
        {
            return (check, null);
        }

        var heldHere = HeldHere(instance, now);
        if (heldHere || ParkedElsewhere(instance, now))
        {
            // Only now, for the change itself (a dry run changes nothing): give the lease back (or have the node keeping it
            // parked give it back), then check the row again.
            instance = heldHere
                ? await ReleaseIfParkedHereAsync(instance, cancellationToken)
                : await ReleaseIfParkedElsewhereAsync(instance, cancellationToken);
            now = time.GetUtcNow();
            check = await CheckMigrationAsync(instance, target, request, now, cancellationToken, released: true);
            if (!check.CanMigrate)
            {
                return (check, null);
            }
        }

        var bookmarks = await store.GetBookmarksAsync(instance.Id, cancellationToken);
        var targetStep = check.TargetStepId!;
        var moved = bookmarks.Select(b => b with { Id = Guid.CreateVersion7(now).ToString("N"), StepId = targetStep }).ToList();
        var outputs = EngineJson.ParseObject(instance.OutputsJson);
        foreach (var (from, to) in request.StepMap)
        {
            if (from != to && outputs.Remove(from, out var output))
            {
                outputs[to] = output;
            }
        }

        var history = EngineJson.ReadHistory(instance.HistoryJson)
            .Select(e => request.StepMap.TryGetValue(e.StepId, out var to) ? e with { StepId = to } : e).ToList();
        var variables = EngineJson.ParseObject(instance.VariablesJson);
        foreach (var (name, value) in target.Definition.Variables ?? [])
        {
            if (!variables.ContainsKey(name))
            {
                variables[name] = value?.DeepClone();
            }
        }

        var next = instance with
        {
            WorkflowVersion = target.Version,
            CurrentStepId = targetStep,
            OutputsJson = outputs.ToJsonString(),
            HistoryJson = EngineJson.WriteHistory(history),
            VariablesJson = variables.ToJsonString(),
        };
        var map = new JsonObject();
        foreach (var (from, to) in request.StepMap)
        {
            map[from] = to;
        }

        return (check, new InstanceCommit
        {
            State = next,
            ExpectedVersion = instance.Version,
            Previous = instance,
            RequireNoLease = true,
            DeleteBookmarks = true,
            NewBookmarks = moved,
            // An event that came before the wait and sits in the inbox still matches the re-created webhook bookmark.
            ConsumeBufferedWebhooks = true,
            MoveStep = instance.CurrentStepId != targetStep ? (instance.CurrentStepId!, targetStep) : null,
            Journal = [new JournalRecord(0, instance.Id, now, JournalKinds.Migrated, targetStep, instance.Attempt, MigrationStepChange.AddTo(new JsonObject
            {
                ["fromVersion"] = instance.WorkflowVersion,
                ["toVersion"] = target.Version,
                ["fromStep"] = instance.CurrentStepId,
                ["toStep"] = targetStep,
                ["stepMap"] = map,
                ["by"] = request.By,
                ["reason"] = request.Reason,
            }, check.StepChange).ToJsonString())],
            Now = now,
        });
    }

    // Before the lease is asked for, a journey a node keeps on its poll timer (parked, or its poll in flight: HeldHere,
    // ParkedElsewhere) counts as movable (the apply asks for it); after (released), a lease still held is a runner's.
    private async Task<MigrationResult> CheckMigrationAsync(InstanceRecord instance, CompiledWorkflow target, MigrationRequest request, DateTimeOffset now,
        CancellationToken cancellationToken, bool released = false)
    {
        var step = instance.CurrentStepId;
        var result = new MigrationResult(instance.Id, instance.WorkflowId, instance.WorkflowVersion, target.Version, instance.Status, step, null, false, false, null, null);
        MigrationResult No(string code, string reason) => result with { Code = code, Reason = reason };

        if (instance.WorkflowVersion == target.Version)
        {
            return No(MigrationCodes.AlreadyOnVersion, $"It is already on version {target.Version}.");
        }

        if (request.FromVersion is { } from && instance.WorkflowVersion != from)
        {
            return No(MigrationCodes.OtherVersion, $"It is on version {instance.WorkflowVersion}, not {from}.");
        }

        var faultedWithIncident = instance.Status == WorkflowStatus.Faulted && await store.GetOpenIncidentAsync(instance.Id, cancellationToken) is not null;
        if (instance.Status != WorkflowStatus.Waiting && !faultedWithIncident || step is null)
        {
            return No(MigrationCodes.NotWaiting, $"It is {instance.Status}; only Waiting journeys, or Faulted ones with an incident, move.");
        }

        if (instance.CancelRequested)
        {
            return No(MigrationCodes.CancelRequested, "Its cancellation is under way.");
        }

        if (instance.LeaseOwner is not null && instance.LeaseExpiresAt is { } until && until > now &&
            !(!released && (HeldHere(instance, now) || ParkedElsewhere(instance, now))))
        {
            return No(MigrationCodes.HeldByRunner,
                $"A runner ({instance.LeaseOwner}) holds it until {until:O}: a step running, or a poll whose answer took longer than {options.ReleaseWait.TotalSeconds:0} s, or a node that stopped without giving it back; send the request again.");
        }

        // Read as published: a version this build cannot compile (an activity removed or renamed since) can still be left.
        var source = await catalog.GetPublishedStepsAsync(instance.WorkflowId, instance.WorkflowVersion, cancellationToken);
        var current = source.GetValueOrDefault(step);
        var activity = current?.Activity;
        var mapped = request.StepMap.TryGetValue(step, out var to) ? to : step;
        if (!target.Steps.TryGetValue(mapped, out var targetStep))
        {
            return No(MigrationCodes.StepMissing, $"Step '{step}' is not in version {target.Version}; map it to a step of version {target.Version} that runs {activity}.");
        }

        // A step whose activity this build no longer has cannot be moved as it waits (only that activity knows its wait), but
        // a Faulted journey's step runs again from its start on Retry: it may move to a step of the activity that replaced it.
        var replaced = current is { Descriptor: null } && instance.Status == WorkflowStatus.Faulted && targetStep.Descriptor.TypeName != activity;
        if (activity is not null && targetStep.Descriptor.TypeName != activity && !replaced)
        {
            return No(MigrationCodes.ActivityChanged, current is { Descriptor: null }
                ? $"Step '{step}' runs {activity}, which this build does not have, and it is waiting as {activity} asked: no other activity can take its wait over. " +
                  $"Run a build that has {activity}, or move it once it is Faulted (its wait ending faults it), to a step that runs what replaced it."
                : $"Step '{mapped}' of version {target.Version} runs {targetStep.Descriptor.TypeName}, not {activity}; map '{step}' to a step that runs {activity}.");
        }

        // A once-only call whose outcome is not settled (an intent open: sent, answer lost or not yet committed) is resent or
        // reconciled by its step from the step's inputs: on a step with other ones, "confirm not sent" would send another
        // request than the one the operator was shown. A rename alone moves it (InstanceCommit.MoveStep).
        foreach (var intent in await store.GetOpenIntentsAsync(instance.Id, cancellationToken))
        {
            var intentTarget = request.StepMap.TryGetValue(intent.StepId, out var moved) ? moved : intent.StepId;
            if (!source.TryGetValue(intent.StepId, out var was) || !target.Steps.TryGetValue(intentTarget, out var will)
                || was.Activity != will.Descriptor.TypeName || !JsonNode.DeepEquals(was.Definition.Inputs, will.Definition.Inputs))
            {
                return No(MigrationCodes.UnresolvedIntent,
                    $"Step '{intent.StepId}' has a once-only call ({intent.Key}) whose outcome is not settled, and version {target.Version} " +
                    $"changes the inputs of {(intentTarget != intent.StepId ? $"its step '{intentTarget}'" : "that step")}: its resend would not be the " +
                    "request that was sent. Settle it first (confirm-sent or confirm-not-sent), then move the journey.");
            }
        }

        // A completed once-only call must stay known as done on the target version: a step the history does not name would
        // run it again if the journey ever reached it (a loop, an operator's go-to).
        var history = EngineJson.ReadHistory(instance.HistoryJson);
        foreach (var done in history.Where(e => e.Status == StepStatuses.Completed).Select(e => e.StepId).Distinct())
        {
            // An activity this build does not have cannot run again here, whatever the target version has.
            if (!source.TryGetValue(done, out var was) || was.Descriptor is not { IsOnceOnly: true })
            {
                continue;
            }

            var doneTarget = request.StepMap.TryGetValue(done, out var moved) ? moved : done;
            if (!target.Steps.TryGetValue(doneTarget, out var will) || will.Descriptor.TypeName != was.Activity)
            {
                return No(MigrationCodes.OnceOnlyStepMissing,
                    $"Its once-only step '{done}' ({was.Activity}) completed, and version {target.Version} has no step '{doneTarget}' that runs it: " +
                    $"map '{done}' in stepMap to the step of version {target.Version} that does, so the journey knows it was done.");
            }
        }

        // The target version's steps read the input the journey started with ($input), and no step checks it again: a value the
        // target refuses at a start (a format, a pattern, a type, a required field it added, a field it no longer takes) would
        // reach the lender on the new version. Such a journey stays on its version, named here with the fields and the rule
        // each breaks (never the value: the messages name the path and the rule), and finishes there (session 46's walk: a
        // `dob` sent as a date-time, taken by the old version, moved to one that declares `format: date` and FinBox's
        // `YYYY-MM-DD` rule and went to the lender unchanged). A Faulted one finishes there only once its incident is handled
        // on that version (retry, skip or cancel): the reason says so rather than that it finishes (session 46).
        var inputErrors = WorkflowInputSchema.Validate(target, EngineJson.Parse(instance.InputJson));
        if (inputErrors.Count > 0)
        {
            var stays = instance.Status == WorkflowStatus.Faulted
                ? $" It stays on version {instance.WorkflowVersion}, Faulted with its incident open: retry, skip or cancel it there; nothing about it changes."
                : $" It stays on version {instance.WorkflowVersion} and finishes there; nothing about it changes.";
            return No(MigrationCodes.InputInvalid,
                $"Its start input does not fit version {target.Version}'s input, which its steps read: " +
                string.Join(" ", inputErrors.Select(e => e.Message)) + stays);
        }

        // The wait moves as it was asked (keys, due times): the step is not run again, since a re-run sends what the step
        // sends when it starts (a trigger, an OTP). When the target step asks with other inputs, say so; going to the step
        // after the move makes it wait with them. A Faulted journey is not waiting: its retry runs the target's step, with the
        // target's inputs (session 52's read: the note told it too that it kept waiting).
        // The same finding is the applied move's record (its journal entry and audit entry): who reads the journey later learns
        // what the preview said.
        var inputsChanged = current is not null && !JsonNode.DeepEquals(current.Definition.Inputs, targetStep.Definition.Inputs);
        var note = replaced
            ? $"Step '{step}' ran {activity}, which this build does not have; after the move, Retry runs step '{mapped}' " +
              $"({targetStep.Descriptor.TypeName}) of version {target.Version} from its start."
            : inputsChanged && instance.Status == WorkflowStatus.Faulted
            ? $"Step '{mapped}' has other inputs in version {target.Version}; after the move, Retry runs it with them."
            : inputsChanged
            ? $"Step '{mapped}' has other inputs in version {target.Version}; it keeps waiting as it was asked on version {instance.WorkflowVersion} " +
              $"(the same webhook keys and timers). To wait with the new inputs, go to step '{mapped}' after the move (it runs again)."
            : null;
        var change = replaced || inputsChanged
            ? new MigrationStepChange(mapped, inputsChanged, replaced,
                !replaced && instance.Status == WorkflowStatus.Waiting ? instance.WorkflowVersion : null)
            : null;
        return result with { TargetStepId = mapped, CanMigrate = true, Reason = note, StepChange = change };
    }
}
