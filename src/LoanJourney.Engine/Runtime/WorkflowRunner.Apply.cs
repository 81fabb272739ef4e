using System.Text.Json.Nodes;
using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Definitions;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage;
using LoanJourney.Engine.Telemetry;

namespace LoanJourney.Engine.Runtime;

internal sealed partial class WorkflowRunner
{
    private async Task<bool> ApplyAsync(
        CompiledWorkflow workflow,
        CompiledStep step,
        RunState run,
        Invocation invocation,
        Stimulus? resumedBy,
        bool inMemory,
        bool deleteBookmarks,
        LeaseFence fence,
        CancellationToken cancellationToken)
    {
        var state = run.State;
        var now = time.GetUtcNow();
        var attempt = state.Attempt;
        var history = EngineJson.ReadHistory(state.HistoryJson);
        var index = HistoryIndex(history, step, attempt, resumedBy is not null, invocation.StartedAt);
        var entry = history[index] with { Attempt = attempt };
        var journal = new List<JournalRecord>(run.Uncommitted);
        if (inMemory)
        {
            // Received before the step resumed (as a durable signal's entry is written when it arrives): at its receipt, never
            // later than the step's resume, not at this commit, which put it after StepResumed on the timeline.
            var receivedAt = resumedBy!.ReceivedAt is { } r && r <= invocation.StartedAt ? r : invocation.StartedAt;
            journal.Add(Journal(state, receivedAt, JournalKinds.SignalReceived, step.Id, attempt, new JsonObject { ["signal"] = resumedBy.Key, ["sensitive"] = true, ["by"] = resumedBy.By }));
        }

        // The node that ran this execution: with the entries' times, it shows which node held the instance when.
        journal.Add(resumedBy is null
            ? Journal(state, invocation.StartedAt, JournalKinds.StepStarted, step.Id, attempt, JournalData.StepStarted(step.Descriptor.TypeName, options.NodeId))
            : Journal(state, invocation.StartedAt, JournalKinds.StepResumed, step.Id, attempt, JournalData.StepResumed(resumedBy.Kind.ToString(), resumedBy.Name, options.NodeId)));
        journal.AddRange(invocation.Entries.Select(e => Journal(state, e.At, e.Kind, step.Id, attempt, e.Data)));

        var result = invocation.Result;
        if (result is ActivityResult.Completed completed && step.Outcomes.Count > 0 && !step.Outcomes.Contains(completed.Outcome))
        {
            result = ActivityResult.Fail("UnknownOutcome", $"Activity '{step.Descriptor.TypeName}' completed with undeclared outcome '{completed.Outcome}'.", retryable: false);
        }

        InstanceRecord next;
        var release = true;
        DateTimeOffset? parkUntil = null;
        IReadOnlyList<BookmarkRecord> bookmarks = [];
        IncidentRecord? incident = null;
        string? resolveIntents = null;
        // Written only by the cases that commit the variables (a failure leaves them as committed), and only when the activity read or
        // changed them: otherwise the committed text is kept as it is (the text a parse and a write of it would give: round 56).
        string VariablesJson() => invocation.Variables?.ToJsonString() ?? state.VariablesJson;
        switch (result)
        {
            case ActivityResult.Completed c:
            {
                var outputsJson = run.Parsed.WithOutput(invocation.Outputs, step.Id, c.Output);
                outputObserver?.StepCompleted(state.Id, index, step.Id, c.Output);
                history[index] = entry with { Status = StepStatuses.Completed, Outcome = c.Outcome, FinishedAt = now, Error = null };
                journal.Add(Journal(state, now, JournalKinds.StepCompleted, step.Id, attempt, JournalData.Outcome(c.Outcome)));
                EngineLog.StepCompleted(logger, state.Id, step.Id, c.Outcome);
                resolveIntents = step.Descriptor.IsOnceOnly ? step.Id : null; // only once-only activities can save intents
                var target = step.NextFor(c.Outcome);
                next = state with
                {
                    Status = target is null ? WorkflowStatus.Completed : WorkflowStatus.Running,
                    CurrentStepId = target,
                    Attempt = 1,
                    StepStateJson = null,
                    PendingStimulusJson = null,
                    ReadyAt = target is null ? null : now,
                    VariablesJson = VariablesJson(),
                    OutputsJson = outputsJson,
                    HistoryJson = EngineJson.WriteHistory(history),
                };
                release = target is null;
                run.StepResult = StepResults.Completed;
                if (target is null)
                {
                    journal.Add(Journal(state, now, JournalKinds.InstanceCompleted, step.Id, attempt, JournalData.Outcome(null)));
                }

                break;
            }

            case ActivityResult.Ended e:
                run.StepResult = StepResults.Completed;
                history[index] = entry with { Status = StepStatuses.Completed, Outcome = e.JourneyOutcome, FinishedAt = now, Error = null };
                journal.Add(Journal(state, now, JournalKinds.StepCompleted, step.Id, attempt, JournalData.Outcome(e.JourneyOutcome)));
                journal.Add(Journal(state, now, JournalKinds.InstanceCompleted, step.Id, attempt, JournalData.Outcome(e.JourneyOutcome)));
                resolveIntents = step.Descriptor.IsOnceOnly ? step.Id : null; // only once-only activities can save intents
                next = state with
                {
                    Status = WorkflowStatus.Completed,
                    Outcome = e.JourneyOutcome,
                    CurrentStepId = null,
                    StepStateJson = null,
                    PendingStimulusJson = null,
                    ReadyAt = null,
                    VariablesJson = VariablesJson(),
                    HistoryJson = EngineJson.WriteHistory(history),
                };
                break;

            case ActivityResult.Suspended s:
                run.StepResult = StepResults.Suspended;
                // A timer's key is the engine's own (a deferral's, below: what the list's deferredOn filter finds), never an activity's.
                bookmarks = s.Bookmarks.Select(b => new BookmarkRecord(NewId(), state.Id, step.Id, b.Kind, b.Name, b.Kind switch { BookmarkKind.Timer => null, BookmarkKind.Webhook => InboxKeys.Stored(b.Key!), _ => b.Key },
                    b.Kind == BookmarkKind.Timer ? b.DueAt ?? now : null, b.Sensitive, now)).ToList();
                history[index] = entry with { Status = StepStatuses.Waiting };
                journal.Add(Journal(state, now, JournalKinds.StepSuspended, step.Id, attempt, new JsonObject
                {
                    ["bookmarks"] = new JsonArray(bookmarks.Select(b => (JsonNode)new JsonObject
                    {
                        ["kind"] = b.Kind.ToString(),
                        ["name"] = b.Name,
                        ["key"] = b.Key,
                        ["dueAt"] = b.DueAt,
                    }).ToArray()),
                }));
                next = state with
                {
                    Status = WorkflowStatus.Waiting,
                    StepStateJson = invocation.StepState.ToJsonString(),
                    PendingStimulusJson = null,
                    ReadyAt = bookmarks.Where(b => b.Kind == BookmarkKind.Timer).Min(b => b.DueAt),
                    VariablesJson = VariablesJson(),
                    HistoryJson = EngineJson.WriteHistory(history),
                };
                parkUntil = ParkUntil(run, bookmarks, now);
                release = parkUntil is null;
                break;

            case ActivityResult.Failed { Retryable: true, DeferFor: { } deferFor } f when now - entry.StartedAt < options.MaxStepDeferral:
            {
                // Nothing was tried (the lender's circuit is open): wait on the same durable retry timer, keeping the attempt count. Its
                // key names what the step waits on (DeferralKeys), so the journeys waiting out one lender's breaker are a range of the
                // bookmarks' (kind, key) index.
                var due = now + deferFor;
                bookmarks = [new BookmarkRecord(NewId(), state.Id, step.Id, BookmarkKind.Timer, RetryBookmark, f.WaitingOn ?? f.ErrorKind, due, false, now)];
                history[index] = entry with { Status = StepStatuses.Retrying, Error = f.ErrorKind };
                journal.Add(Journal(state, now, JournalKinds.StepDeferred, step.Id, attempt, new JsonObject
                {
                    ["errorKind"] = f.ErrorKind,
                    ["message"] = f.Message,
                    ["dueAt"] = due,
                    ["waitingOn"] = f.WaitingOn ?? f.ErrorKind,
                }));
                EngineLog.StepDeferred(logger, state.Id, step.Id, attempt, due, f.ErrorKind);
                next = state with
                {
                    Status = WorkflowStatus.Waiting, ReadyAt = due, PendingStimulusJson = null, StepStateJson = invocation.StepState.ToJsonString(),
                    HistoryJson = EngineJson.WriteHistory(history),
                };
                parkUntil = ParkUntil(run, bookmarks, now);
                release = parkUntil is null;
                break;
            }

            case ActivityResult.Failed f:
                journal.Add(Journal(state, now, JournalKinds.StepFailed, step.Id, attempt, new JsonObject
                {
                    ["errorKind"] = f.ErrorKind,
                    ["message"] = f.Message,
                    ["retryable"] = f.Retryable,
                }));
                EngineLog.StepFailed(logger, state.Id, step.Id, attempt, f.ErrorKind);
                if (f.Retryable && step.Retry.ShouldRetry(f.ErrorKind, attempt))
                {
                    var due = now + step.Retry.DelayAfter(attempt);
                    bookmarks = [new BookmarkRecord(NewId(), state.Id, step.Id, BookmarkKind.Timer, RetryBookmark, null, due, false, now)];
                    history[index] = entry with { Status = StepStatuses.Retrying, Error = f.ErrorKind };
                    journal.Add(Journal(state, now, JournalKinds.RetryScheduled, step.Id, attempt, new JsonObject { ["dueAt"] = due, ["nextAttempt"] = attempt + 1 }));
                    next = state with
                    {
                        Status = WorkflowStatus.Waiting, Attempt = attempt + 1, ReadyAt = due, PendingStimulusJson = null, StepStateJson = invocation.StepState.ToJsonString(),
                        HistoryJson = EngineJson.WriteHistory(history),
                    };
                    parkUntil = ParkUntil(run, bookmarks, now);
                    release = parkUntil is null;
                    run.StepResult = StepResults.Retrying;
                }
                else
                {
                    incident = new IncidentRecord(NewId(), state.Id, step.Id, f.ErrorKind, f.Message, attempt, f.Details?.ToJsonString(), now, null, null);
                    history[index] = entry with { Status = StepStatuses.Faulted, Error = f.ErrorKind, FinishedAt = now };
                    journal.Add(Journal(state, now, JournalKinds.IncidentRaised, step.Id, attempt, new JsonObject { ["incidentId"] = incident.Id, ["errorKind"] = f.ErrorKind, ["attempts"] = attempt }));
                    EngineLog.IncidentRaised(logger, state.Id, step.Id, attempt, f.ErrorKind);
                    run.StepResult = StepResults.Incident;
                    next = state with
                    {
                        Status = WorkflowStatus.Faulted, ReadyAt = null, PendingStimulusJson = null, StepStateJson = invocation.StepState.ToJsonString(),
                        HistoryJson = EngineJson.WriteHistory(history),
                    };
                }

                break;

            default:
                throw new InvalidOperationException($"Unknown activity result {result.GetType().Name}.");
        }

        // Each case's record holds the history written whole after its entry was set (one copy of the record: round 54).
        if (result is ActivityResult.Suspended { ReadOnly: true } && parkUntil is { } until && resumedBy is { Kind: BookmarkKind.Timer }
            && MayLeaveUncommitted(run, until) && next with { ReadyAt = state.ReadyAt } == state)
        {
            // A poll that read "still processing" and changed nothing stored: the stored row and its due timer stay as they are, the
            // next poll waits in memory, and its entries ride with the run's next commit (EngineOptions.ReadOnlyPollJournalDelay).
            run.Uncommitted.Clear();
            run.Uncommitted.AddRange(journal);
            run.Bookmarks = bookmarks;
            run.Parked = new ParkedRun(state, bookmarks, until, run.LeaseUntil!.Value) { Uncommitted = [.. journal], CommittedAt = run.CommittedAt };
            telemetry.PollLeftUncommitted(state.WorkflowId, step.Id);
            return true;
        }

        var commit = new InstanceCommit
        {
            State = next,
            ExpectedVersion = state.Version,
            Previous = state,
            Fence = fence,
            ReleaseLease = release,
            // A parked run's lease covers its wait and then a whole lease duration, as if it had just been claimed when due.
            LeaseExpiresAt = release ? null : (parkUntil is { } p && p > now ? p : now) + options.LeaseDuration,
            DeleteBookmarks = deleteBookmarks,
            NewBookmarks = bookmarks,
            Journal = journal,
            NewIncident = incident,
            ResolveIntentsOfStep = resolveIntents,
            ConsumeBufferedWebhooks = true,
            // Only a completed step sets a new outputs object; protecting the same outputs again on every poll was a few per
            // cent of the server's CPU per journey (docs/PERFORMANCE.md).
            OutputsUnchanged = ReferenceEquals(next.OutputsJson, state.OutputsJson),
            Now = now,
        };
        // Whether this step's commit carries a completion held before it (then it is committed or held as the pure-step rule says, never
        // held for a second step after it).
        var merged = run.Held is not null;
        if (run.Held is { } held)
        {
            if (next.Status == WorkflowStatus.Completed && await CancelFlaggedAsync(run, fence, cancellationToken)
                && await CommitHeldOnItsOwnAsync(run, held, cancellationToken))
            {
                // A cancel came while the step before this pure one ran (the row is leased, so it set only the flag): committed with the
                // end, that step would complete the journey and the cancel accepted would be lost. Committed on its own, it brings the
                // flag back and the run compensates it; this pure step's transition is dropped (it sent nothing).
                return true;
            }

            commit = WithHeld(held, commit);
            run.Held = null;
        }

        if (run.MayHold && result is ActivityResult.Completed && !inMemory && next is { Status: WorkflowStatus.Running, CurrentStepId: { } pureNext }
            && workflow.GetStep(pureNext).Descriptor.IsPure)
        {
            // Nothing the pure step does can fail outside this process or take time: its commit carries this one too. The polls'
            // entries not committed yet are in this commit's journal now.
            run.Held = commit;
            run.Uncommitted.Clear();
            run.State = next;
            run.Bookmarks = [];
            return true;
        }

        // A poll that found its operation done (ActivityResult.CompleteReadOnly), or a pure step with nothing before it in this run to be
        // committed with (the journey's first step, as the shipped workflows' partnerAwaits, or the first after a resume: round 63).
        var readOnlyDone = result is ActivityResult.Completed { ReadOnly: true } && resumedBy is { Kind: BookmarkKind.Timer };
        var pureFirst = result is ActivityResult.Completed && step.Descriptor.IsPure && !merged;
        if (run.MayHold && (readOnlyDone || pureFirst) && !inMemory
            && next.Status == WorkflowStatus.Running && next.CurrentStepId is { } following && following != step.Id
            && await MayHoldReadOnlyCompletionAsync(run, commit, fence, now, cancellationToken))
        {
            // Running it again from the last commit gives the same transition (a poll sends the same GET again, a pure step sends
            // nothing), so the next step's commit carries this one (a crash in between loses only this step). Checked first: nothing
            // moved the stored row and no cancel came.
            run.Held = commit;
            run.Uncommitted.Clear();
            run.State = next;
            run.Bookmarks = [];
            if (readOnlyDone)
            {
                telemetry.CompletionHeld(state.WorkflowId, step.Id);
            }

            return true;
        }

        var more = await CommitAsync(run, next, commit, cancellationToken, parkUntil);
        if (inMemory)
        {
            run.SignalAnswer = SignalAnswerOf(resumedBy!.Key!, result, bookmarks, invocation.AskedAgain);
        }

        if (next.Status == WorkflowStatus.Completed)
        {
            telemetry.JourneyCompleted(state.WorkflowId, state.WorkflowVersion, next.Outcome);
        }

        return more;
    }

    // What the step did with the sensitive signal it was resumed by, for the signal's caller: the payload lives only in that call,
    // so its sender must learn there whether to send it again (session 48: an OTP Capital Float could not verify answered 202 and
    // the Studio said "sent"). Waiting again for the same signal is asked again, with the activity's reason when it gave one.
    private static SignalAnswer SignalAnswerOf(string signal, ActivityResult result, IReadOnlyList<BookmarkRecord> bookmarks, AskAgainReason? reason) => result switch
    {
        ActivityResult.Completed c => new SignalAnswer(signal, SignalResult.Taken) { StepOutcome = c.Outcome },
        ActivityResult.Ended e => new SignalAnswer(signal, SignalResult.Taken) { StepOutcome = e.JourneyOutcome },
        ActivityResult.Failed f => new SignalAnswer(signal, SignalResult.Failed) { Reason = f.ErrorKind, Message = f.Message },
        _ when bookmarks.Any(b => b is { Kind: BookmarkKind.Signal, Sensitive: true } && b.Key == signal) =>
            new SignalAnswer(signal, SignalResult.AskedAgain) { Reason = reason?.Reason, Message = reason?.Message, AttemptsLeft = reason?.AttemptsLeft },
        _ => new SignalAnswer(signal, SignalResult.Taken),
    };

    // One commit for a held step's transition and the pure step's after it: checked against the row both started from.
    // A held completion resolves at most one step's intents (only a held read-only completion can, and it is the first held in its run:
    // a run resumed by its timer); the commit it rides with may resolve the next step's.
    private static InstanceCommit WithHeld(InstanceCommit held, InstanceCommit commit)
    {
        if (commit.ResolveIntentsOfStep is not null && held.ResolveIntentsOfStep is not null && held.ResolveIntentsOfHeldStep is not null)
        {
            throw new InvalidOperationException("A held commit carries the intents of two steps already.");
        }

        return commit with
        {
            ExpectedVersion = held.ExpectedVersion,
            Previous = held.Previous,
            DeleteBookmarks = held.DeleteBookmarks || commit.DeleteBookmarks,
            Journal = [.. held.Journal, .. commit.Journal],
            ResolveIntentsOfStep = commit.ResolveIntentsOfStep ?? held.ResolveIntentsOfStep,
            ResolveIntentsOfHeldStep = commit.ResolveIntentsOfStep is null ? held.ResolveIntentsOfHeldStep : held.ResolveIntentsOfStep,
            OutputsUnchanged = held.OutputsUnchanged && commit.OutputsUnchanged,
        };
    }

    // A read-only completion (ActivityResult.CompleteReadOnly), or a pure step's with nothing before it in its run, is held for the next
    // step's commit only when (besides the caller's: resumed by a timer for a poll, a multi-step run, and a next step that is another one — the held commit resolves this step's intents, and a step run
    // again saves its own under the same step id)
    // - no cancel is known, and the lease committed last has at least half a lease left (the step's renewal comes at a third);
    // - the stored row is still the one the run committed, with no cancel requested since (a cancel sets only the flag on a leased
    //   row): so a cancel stops the journey before the next step's lender call, as if this step had been committed. One read of
    //   four columns instead of a write.
    private async Task<bool> MayHoldReadOnlyCompletionAsync(RunState run, InstanceCommit commit, LeaseFence fence, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        if (run.State.CancelRequested || run.LeaseUntil is not { } lease || lease - now < options.LeaseDuration / 2)
        {
            return false;
        }

        var mark = await store.GetInstanceMarkAsync(run.State.Id, cancellationToken);
        return mark is { CancelRequested: false } && mark.Version == commit.ExpectedVersion && mark.LeaseOwner == fence.Owner && mark.LeaseToken == fence.Token;
    }

    // Whether a cancel has set the flag on the row this run leases (one read of four columns, as the hold's): asked before a commit that
    // carries a held completion and completes the journey, which would keep the flag and still end the journey Completed.
    private async Task<bool> CancelFlaggedAsync(RunState run, LeaseFence fence, CancellationToken cancellationToken)
    {
        if (run.State.CancelRequested)
        {
            return true;
        }

        var mark = await store.GetInstanceMarkAsync(run.State.Id, cancellationToken);
        return mark is { CancelRequested: true } && mark.LeaseOwner == fence.Owner && mark.LeaseToken == fence.Token;
    }

    // Within the delay after the last commit, and the lease last committed still has more than three quarters of a lease left at the
    // poll: the dispatcher gives back a parked lease when less than half is left, and this leaves a quarter for the poll to run late.
    private bool MayLeaveUncommitted(RunState run, DateTimeOffset until) =>
        options.ReadOnlyPollJournalDelay > TimeSpan.Zero
        && until - run.CommittedAt <= options.ReadOnlyPollJournalDelay
        && run.LeaseUntil is { } lease
        && until <= lease - options.LeaseDuration * 3 / 4;

    // Timers only (nothing from outside can resume it), the earliest due within the horizon, and no cancel known.
    private DateTimeOffset? ParkUntil(RunState run, IReadOnlyList<BookmarkRecord> bookmarks, DateTimeOffset now)
    {
        if (!run.MayPark || run.State.CancelRequested || bookmarks.Count == 0 || bookmarks.Any(b => b.Kind != BookmarkKind.Timer || b.DueAt is null))
        {
            return null;
        }

        var due = bookmarks.Min(b => b.DueAt!.Value);
        return due - now <= options.InMemoryTimerHorizon ? due : null;
    }

    private async Task<bool> CommitAsync(RunState run, InstanceRecord next, InstanceCommit commit, CancellationToken cancellationToken, DateTimeOffset? parkUntil = null)
    {
        var result = await store.CommitAsync(commit, cancellationToken); // sets the journey's runner failures back to 0 too
        next = next with { Version = result.NewVersion };
        run.Bookmarks = [];
        run.Uncommitted.Clear();
        run.CommittedAt = commit.Now;
        run.LeaseUntil = commit.ReleaseLease ? null : commit.LeaseExpiresAt;
        if (result.ConsumedWebhook is { } consumed)
        {
            // The wait began after its event arrived: resume at once, still under our lease.
            run.State = next with { Status = WorkflowStatus.Running, PendingStimulusJson = consumed.ToJson(), ReadyAt = commit.Now };
            return true;
        }

        if (result.CancelRequested)
        {
            run.State = next with { CancelRequested = true };
            return !commit.ReleaseLease;
        }

        run.State = next;
        if (parkUntil is { } due && !commit.ReleaseLease)
        {
            run.Bookmarks = commit.NewBookmarks;
            run.Parked = new ParkedRun(next, commit.NewBookmarks, due, commit.LeaseExpiresAt!.Value) { CommittedAt = commit.Now };
        }

        return !commit.ReleaseLease;
    }

    private static int HistoryIndex(List<StepHistoryEntry> history, CompiledStep step, int attempt, bool resumed, DateTimeOffset startedAt)
    {
        var last = history.FindLastIndex(e => e.StepId == step.Id);
        var reuse = last >= 0 && (resumed
            ? history[last].Status == StepStatuses.Waiting
            : history[last].Status == StepStatuses.Retrying || (attempt > 1 && history[last].Status == StepStatuses.Running));
        if (reuse)
        {
            history[last] = history[last] with { Status = StepStatuses.Running };
            return last;
        }

        history.Add(new StepHistoryEntry { StepId = step.Id, Activity = step.Descriptor.TypeName, Attempt = attempt, Status = StepStatuses.Running, StartedAt = startedAt });
        return history.Count - 1;
    }
}
