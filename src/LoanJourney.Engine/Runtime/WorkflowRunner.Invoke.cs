using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Definitions;
using LoanJourney.Engine.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace LoanJourney.Engine.Runtime;

internal sealed partial class WorkflowRunner
{
    [SuppressMessage("Design", "CA1031:Do not catch general exception types",
        Justification = "Any exception from activity code is a failed attempt that the retry policy and incidents handle.")]
    private async Task<Invocation> InvokeAsync(
        ActivityDescriptor descriptor,
        JsonObject? inputDefinitions,
        string stepId,
        InstanceRecord state,
        Stimulus? resume,
        LeaseFence fence,
        TimeSpan? timeout,
        bool compensating,
        ParsedRow parsed,
        LeaseRenewal renewal,
        CancellationToken cancellationToken,
        InstanceCommit? held = null)
    {
        var startedAt = time.GetUtcNow();
        // The run's input, outputs and committed variables, parsed once per text and only read here: the bindings copy what they
        // resolve, so the activity's inputs share no node with them (ParsedRow). The activity's variables are its own (ActivityContext).
        var outputs = parsed.Outputs(state.OutputsJson);
        var stepState = EngineJson.ParseObject(state.StepStateJson);
        JsonObject inputs;
        try
        {
            var scope = new BindingScope(parsed.Input(state.InputJson), outputs, parsed.Variables(state.VariablesJson));
            inputs = Bindings.Resolve(inputDefinitions ?? [], scope) as JsonObject ?? [];
        }
        catch (InvalidOperationException ex)
        {
            return new Invocation(Masked(ActivityResult.Fail("InvalidInput", ex.Message, retryable: false)), null, outputs, stepState, [], startedAt);
        }

        // The intents a held completion resolves (ActivityResult.CompleteReadOnly) are resolved already, as far as this step is concerned:
        // Prism's agreement and disbursal save theirs under the same key, and the disbursal must not take the agreement's for its own.
        var intents = descriptor.IsOnceOnly
            ? (await store.GetOpenIntentsAsync(state.Id, cancellationToken))
                .Where(i => held is null || (i.StepId != held.ResolveIntentsOfStep && i.StepId != held.ResolveIntentsOfHeldStep))
                .ToDictionary(i => i.Key, i => EngineJson.Parse(i.DataJson), StringComparer.Ordinal)
            : new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        // A forward step's intent saved before its call is refused once a cancel is committed (the call is then never sent);
        // a compensation runs because of that cancel.
        Func<string, JsonNode, bool, CancellationToken, Task> saveIntent = descriptor.IsOnceOnly
            ? (key, data, beforeSend, token) => store.SaveIntentAsync(new IntentRecord(state.Id, key, stepId, data.ToJsonString(), time.GetUtcNow()), fence,
                unlessCancelRequested: beforeSend && !compensating, token)
            : (_, _, _, _) => throw new InvalidOperationException($"Activity '{descriptor.TypeName}' must declare IsOnceOnly = true to use intents.");

        // The timeout, the lease and the run's token behind the activity's one token, each told apart below (StepCancellation).
        using var cancellation = new StepCancellation(timeout, time, cancellationToken);
        var context = new ActivityContext(
            new ActivityContextInit(state.Id, state.WorkflowId, state.WorkflowVersion, state.CorrelationId, state.Partner, stepId, state.Attempt,
                inputs, state.VariablesJson, stepState, time, cancellation.Token, options.NodeId),
            intents,
            saveIntent);

        // A long step keeps its lease alive (every LeaseDuration/3 from its start, on the run's one timer: LeaseRenewal); if the lease
        // is lost the activity is cancelled and nothing is committed.
        using var renewing = renewal.Begin(cancellation);

        await using var services = scopes.CreateAsyncScope();
        ActivityResult result;
        try
        {
            var activity = (IActivity)services.ServiceProvider.GetRequiredService(descriptor.ClrType);
            result = resume is null ? await activity.ExecuteAsync(context) : await activity.ResumeAsync(context, resume);
        }
        catch (ActivityInputException ex)
        {
            result = ActivityResult.Fail("InvalidInput", ex.Message + OutdatedHint(descriptor, inputDefinitions, ex.InputName, state), retryable: false);
        }
        catch (StaleCommitException)
        {
            throw;
        }
        catch (OperationCanceledException) when (cancellation.LeaseLost)
        {
            throw new StaleCommitException($"Instance {state.Id}: the lease was lost during step '{stepId}'.") { LeaseLost = true };
        }
        catch (OperationCanceledException) when (cancellation.TimedOut && !cancellationToken.IsCancellationRequested)
        {
            result = ActivityResult.Fail("Timeout", $"The attempt did not finish within {timeout}.");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            result = ActivityResult.Fail("UnhandledException", $"{ex.GetType().Name}: {ex.Message}");
        }

        return new Invocation(Masked(result), context.VariablesIfRead, outputs, stepState, context.JournalEntries, startedAt) { AskedAgain = context.AskedAgain };
    }

    // A failure's message masked once, here, before the journal, the incident or a log reads it (IFailureMessageMasker):
    // an exception's text may quote what the step was handed.
    private ActivityResult Masked(ActivityResult result) =>
        result is ActivityResult.Failed failed && failureMasker.Mask(failed.Message) is var masked && !string.Equals(masked, failed.Message, StringComparison.Ordinal)
            ? failed with { Message = masked }
            : result;

    // A required input the step's definition does not give at all: only a version published before the activity required it
    // compiles so (WorkflowCompiler.CompilePublished). The incident says how to repair it.
    private static string OutdatedHint(ActivityDescriptor descriptor, JsonObject? inputDefinitions, string inputName, InstanceRecord state) =>
        inputName.Length > 0 && inputDefinitions?.ContainsKey(inputName) != true
        && descriptor.Inputs.Any(i => i.Required && string.Equals(i.Name, inputName, StringComparison.Ordinal))
            ? $" Version {state.WorkflowVersion} of {state.WorkflowId} was published before {descriptor.TypeName} required '{inputName}': move the journey to a version that gives it, then retry."
            : "";
}
