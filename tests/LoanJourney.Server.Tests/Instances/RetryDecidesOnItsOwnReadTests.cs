using System.Net;
using System.Reflection;
using System.Runtime.ExceptionServices;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Runtime;
using LoanJourney.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LoanJourney.Server.Tests.Instances;

/// <summary>
/// A retry of an incident that asks the operator about a money call (<c>OutcomeUnknown</c>) is refused by the engine's retry
/// itself, on the incident that retry reads and commits against (docs/api.md, "Operations"; session 46). Until then the rule
/// was the bulk retry's: it read each journey (<c>GetInstanceAsync</c>), left out an outcome-unknown one, and then retried the
/// others — check, then act. An incident that became a money question between that read and the retry was retried. This test
/// makes that read see the journey as it was before its question arose (a <see cref="DispatchProxy"/> over the server's
/// <see cref="IWorkflowClient"/>: its <c>GetInstanceAsync</c> answers a stale <c>LenderUnavailable</c> incident), which is
/// exactly the window: the bulk retry, by ids and by filter, must still leave the journey out with <c>awaits_decision</c>,
/// and a single retry answers <c>409 awaits_decision</c>.
/// </summary>
public sealed class RetryDecidesOnItsOwnReadTests : IDisposable
{
    private readonly LenderServerFactory _server = new(
        services: s =>
        {
            var engine = s.Last(d => d.ServiceType == typeof(IWorkflowClient));
            s.Remove(engine);
            s.AddSingleton(sp => StaleRead.Wrap((IWorkflowClient)engine.ImplementationFactory!(sp)));
        },
        settings: new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Engine:DefinitionsDirectory"] = Path.Combine(AppContext.BaseDirectory, "ReleaseWorkflows"),
            ["Engine:PollInterval"] = "00:00:00.100",
        });

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task AnIncidentThatBecameAMoneyQuestionAfterItWasRead_IsNotRetried_ByIdsByFilterOrAlone()
    {
        using var api = _server.CreateApiClient();
        var id = await PayLaterTranche.FaultedAsync(api);
        var stale = await _server.Services.GetRequiredService<IWorkflowClient>().GetInstanceAsync(id);
        Assert.Equal("LenderUnavailable", stale.Incident?.ErrorKind); // what a read before the question saw

        AssertLeftOut(await (await api.PostAsync("/api/instances/bulk/retry", Api.Json(new { ids = new[] { id }, reason = "lender back up" }))).ReadObjectAsync(), id);
        AssertLeftOut(await (await api.PostAsync("/api/instances/bulk/retry",
            Api.Json(new { filter = new { workflowId = "capitalfloat-paylater", hasIncident = true }, dryRun = false, reason = "lender back up" }))).ReadObjectAsync(), id);
        var alone = await (await api.PostAsync($"/api/instances/{id}/incident/retry", Api.Json(new { reason = "lender back up" }))).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(("awaits_decision", id, "tranche"), (alone["code"]!.GetValue<string>(), alone["instanceId"]!.GetValue<string>(), alone["stepId"]!.GetValue<string>()));
        var journal = await (await api.GetAsync($"/api/instances/{id}/journal?take=1000")).ReadObjectAsync();
        Assert.DoesNotContain(journal["items"]!.AsArray(), e => e!["kind"]!.GetValue<string>() == "IncidentRetried");
        var audit = await (await api.GetAsync($"/api/audit?instanceId={id}")).ReadObjectAsync();
        Assert.DoesNotContain(audit["items"]!.AsArray(), e => e!["action"]!.GetValue<string>() is "retry" or "bulk-retry");
        Assert.Equal(("Faulted", "OutcomeUnknown"), ((await api.GetInstanceAsync(id))["status"]!.GetValue<string>(), (await api.GetInstanceAsync(id))["incident"]!["errorKind"]!.GetValue<string>()));
    }

    private static void AssertLeftOut(System.Text.Json.Nodes.JsonObject answer, string id)
    {
        var result = Assert.Single(answer["results"]!.AsArray())!;
        Assert.Equal((id, false, "awaits_decision"), (result["id"]!.GetValue<string>(), result["ok"]!.GetValue<bool>(), result["code"]?.GetValue<string>()));
    }

    /// <summary>
    /// The server's engine client, but <c>GetInstanceAsync</c> answers an outcome-unknown incident as the <c>LenderUnavailable</c>
    /// one a read made before the question arose would have seen; every other call is the engine's. Not sealed:
    /// <see cref="DispatchProxy"/> derives from it.
    /// </summary>
    public class StaleRead : DispatchProxy
    {
        private IWorkflowClient _inner = null!;

        public static IWorkflowClient Wrap(IWorkflowClient inner)
        {
            var proxy = Create<IWorkflowClient, StaleRead>();
            ((StaleRead)(object)proxy)._inner = inner;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            try
            {
                var result = targetMethod.Invoke(_inner, args);
                return targetMethod.Name == nameof(IWorkflowClient.GetInstanceAsync) && result is Task<WorkflowInstance> read ? AsBeforeAsync(read) : result;
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                throw;
            }
        }

        private static async Task<WorkflowInstance> AsBeforeAsync(Task<WorkflowInstance> read)
        {
            var instance = await read;
            return instance.Incident is { ErrorKind: "OutcomeUnknown" } incident
                ? instance with { Incident = incident with { ErrorKind = "LenderUnavailable" } }
                : instance;
        }
    }
}
