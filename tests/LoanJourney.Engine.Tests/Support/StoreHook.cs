using System.Reflection;
using System.Runtime.ExceptionServices;
using LoanJourney.Engine.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace LoanJourney.Engine.Tests.Support;

/// <summary>
/// The engine's store with a hook between an operator's change's check and its write: <see cref="BeforeOperatorCommit"/> runs
/// before every commit that needs the lease free (<see cref="InstanceCommit.RequireNoLease"/>: a migration, a goto, variables), so
/// a test lands a runner's commit, a claim or any other write exactly in that window instead of hoping for one; and
/// <see cref="Fault"/> makes chosen calls fail, as a store that cannot be reached does; <see cref="Commits"/> keeps every commit sent.
/// </summary>
public sealed class StoreHook : IDisposable
{
    private readonly IWorkflowStore _inner;
    private int _operatorCommits;

    private StoreHook(IWorkflowStore inner)
    {
        _inner = inner;
        var proxy = DispatchProxy.Create<IWorkflowStore, Forwarder>();
        ((Forwarder)(object)proxy).Hook = this;
        Store = proxy;
    }

    /// <summary>Runs before each operator's commit reaches the store, with that commit.</summary>
    public Func<InstanceCommit, Task>? BeforeOperatorCommit { get; set; }

    /// <summary>Operator's commits sent to the store so far (each read, check and write of a change counts once).</summary>
    public int OperatorCommits => Volatile.Read(ref _operatorCommits);

    /// <summary>While set, the name of every store method called through the hook is added here, in order.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string>? Calls { get; set; }

    /// <summary>While set, every commit sent through the hook (the runner's and operators') is added here, the object itself, in order.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<InstanceCommit>? Commits { get; set; }

    /// <summary>
    /// While set, asked before each store call with the method's name: an exception it returns is thrown instead of calling
    /// the store (a database that is down), null lets the call through.
    /// </summary>
    public Func<string, Exception?>? Fault { get; set; }

    /// <summary>The store the engine is given: the engine's own behind the hook.</summary>
    public IWorkflowStore Store { get; }

    /// <summary>Puts a hook in front of the store the engine registered (after <c>AddLoanJourneyEngine</c>); resolve it as <see cref="StoreHook"/>.</summary>
    public static void Register(IServiceCollection services)
    {
        var engineStore = services.Last(d => d.ServiceType == typeof(IWorkflowStore));
        services.Remove(engineStore);
        services.AddSingleton(sp => new StoreHook((IWorkflowStore)engineStore.ImplementationFactory!(sp)));
        services.AddSingleton(sp => sp.GetRequiredService<StoreHook>().Store);
    }

    public void Dispose() => (_inner as IDisposable)?.Dispose();

    private async Task<CommitResult> OperatorCommitAsync(InstanceCommit commit, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _operatorCommits);
        if (BeforeOperatorCommit is { } hook)
        {
            await hook(commit);
        }

        return await _inner.CommitAsync(commit, cancellationToken);
    }

    /// <summary>Forwards every call to the engine's store but an operator's commit. Not sealed: <see cref="DispatchProxy"/> derives from it.</summary>
    public class Forwarder : DispatchProxy
    {
        internal StoreHook Hook { get; set; } = null!;

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            Hook.Calls?.Enqueue(targetMethod.Name);
            if (Hook.Fault?.Invoke(targetMethod.Name) is { } fault)
            {
                throw fault;
            }

            if (targetMethod.Name == nameof(IWorkflowStore.CommitAsync) && args is [InstanceCommit commit, CancellationToken token])
            {
                Hook.Commits?.Enqueue(commit);
                if (commit.RequireNoLease)
                {
                    return Hook.OperatorCommitAsync(commit, token);
                }
            }

            try
            {
                return targetMethod.Invoke(Hook._inner, args);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                throw;
            }
        }
    }
}
