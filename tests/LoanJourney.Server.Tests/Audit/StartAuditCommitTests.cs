using System.Reflection;
using LoanJourney.Engine.Runtime;
using LoanJourney.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LoanJourney.Server.Tests.Audit;

/// <summary>
/// A start's audit entry commits with the journey (docs/PERFORMANCE.md, round 47): the API asks the engine for one write,
/// not for the journey and then, in a second write, for its audit entry. A structural guard, not a timed one.
/// </summary>
public sealed class StartAuditCommitTests
{
    [Fact]
    public async Task AStart_RecordsItsAuditEntryInTheStartsOwnCommit_NotInASecondWrite()
    {
        var separate = new AuditWrites();
        using var factory = new ServerFactory { ConfigureServices = services => separate.Watch(services) };
        using var api = factory.CreateApiClient();

        var id = await api.StartAsync("test-review", new { customerId = "CUST-R47-1" });

        var audit = await (await api.GetAsync($"/api/audit?instanceId={id}")).ReadObjectAsync();
        var entry = Assert.Single(audit["items"]!.AsArray(), e => e!["action"]!.GetValue<string>() == "start");
        Assert.Equal("test-review", entry!["workflowId"]!.GetValue<string>());
        Assert.True(entry["data"]!["version"]!.GetValue<int>() >= 1);
        Assert.Equal("key", entry["authMethod"]!.GetValue<string>());
        Assert.Equal(0, separate.Calls);
    }

    /// <summary>Counts the audit entries written apart from the action they record (<c>RecordAuditAsync</c>).</summary>
    private sealed class AuditWrites
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public void Watch(IServiceCollection services)
        {
            var registered = services.Last(d => d.ServiceType == typeof(IWorkflowClient));
            services.Remove(registered);
            services.AddSingleton(sp => Counting.Wrap((IWorkflowClient)registered.ImplementationFactory!(sp), () => Interlocked.Increment(ref _calls)));
        }
    }

    public class Counting : DispatchProxy
    {
        private IWorkflowClient _inner = null!;
        private Action _counted = null!;

        public static IWorkflowClient Wrap(IWorkflowClient inner, Action counted)
        {
            var proxy = Create<IWorkflowClient, Counting>();
            ((Counting)(object)proxy)._inner = inner;
            ((Counting)(object)proxy)._counted = counted;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod!.Name == nameof(IWorkflowClient.RecordAuditAsync))
            {
                _counted();
            }

            return targetMethod.Invoke(_inner, args);
        }
    }
}
