namespace LoanJourney.Lenders.Common;

/// <summary>
/// An ambient scope that collects the <see cref="LenderCallRecord"/>s of the calls made inside it, on this async flow:
/// <code>using var capture = LenderCallCapture.Begin(); await client.TriggerBreAsync(...); journal.Append(capture.Calls);</code>
/// Scopes nest; a record is published to the current scope and every enclosing one.
/// </summary>
public sealed class LenderCallCapture : IDisposable
{
    private static readonly AsyncLocal<LenderCallCapture?> CurrentScope = new();

    private readonly LenderCallCapture? _parent;
    private readonly List<LenderCallRecord> _calls = [];
    private readonly Lock _gate = new();
    private bool _disposed;

    private LenderCallCapture(LenderCallCapture? parent) => _parent = parent;

    /// <summary>The innermost open scope on this async flow, if any.</summary>
    public static LenderCallCapture? Current => CurrentScope.Value;

    /// <summary>The records captured so far, in order.</summary>
    public IReadOnlyList<LenderCallRecord> Calls
    {
        get
        {
            lock (_gate)
            {
                return _calls.ToArray();
            }
        }
    }

    /// <summary>Opens a scope on the current async flow.</summary>
    public static LenderCallCapture Begin()
    {
        var scope = new LenderCallCapture(CurrentScope.Value);
        CurrentScope.Value = scope;
        return scope;
    }

    /// <summary>Closes the scope; the enclosing scope becomes current again.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (ReferenceEquals(CurrentScope.Value, this))
        {
            CurrentScope.Value = _parent;
        }
    }

    internal static void Publish(LenderCallRecord record)
    {
        for (var scope = CurrentScope.Value; scope is not null; scope = scope._parent)
        {
            if (scope._disposed)
            {
                continue;
            }

            lock (scope._gate)
            {
                scope._calls.Add(record);
            }
        }
    }
}
