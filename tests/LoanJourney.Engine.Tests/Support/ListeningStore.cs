using System.Reflection;
using System.Runtime.ExceptionServices;
using LoanJourney.Engine.Storage;

namespace LoanJourney.Engine.Tests.Support;

/// <summary>A store that says it offers definition notifications, as PostgreSQL does: its listening is the test's script, the rest the engine's store.</summary>
public interface IListeningStore : IWorkflowStore, IDefinitionNotificationSource
{
}

/// <summary>
/// Builds an <see cref="IListeningStore"/> over a real store, so a test of the definition listener scripts lost connections
/// on SQLite (<see cref="IDefinitionNotificationSource.ListenForDefinitionsAsync"/> runs the script; every other call goes to
/// the store). Not sealed: <see cref="DispatchProxy"/> derives from it.
/// </summary>
public class ListeningStore : DispatchProxy
{
    private IWorkflowStore _inner = null!;
    private Func<Action<string?>, CancellationToken, Task> _listen = null!;

    public static IListeningStore Create(IWorkflowStore inner, Func<Action<string?>, CancellationToken, Task> listen)
    {
        var proxy = Create<IListeningStore, ListeningStore>();
        var forwarder = (ListeningStore)(object)proxy;
        forwarder._inner = inner;
        forwarder._listen = listen;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name == nameof(IDefinitionNotificationSource.ListenForDefinitionsAsync) && args is [Action<string?> onChange, CancellationToken token])
        {
            return _listen(onChange, token);
        }

        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }
}
