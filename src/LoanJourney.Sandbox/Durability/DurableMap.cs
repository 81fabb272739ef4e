using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace LoanJourney.Sandbox.Durability;

/// <summary>
/// A dictionary of sandbox objects kept in the state file as documents of one <see cref="Kind"/>. It loads its documents
/// when created and remembers every key it handed out or changed, so <see cref="Flush"/> writes exactly those entries
/// (rewritten whole, or deleted when gone). An object read through <see cref="TryGetValue"/>, the indexer or
/// <see cref="GetValueOrDefault"/> counts as changed: handlers mutate what they look up. Enumerating <see cref="Values"/>
/// does not, so only look objects up that way to read them. Not thread-safe: the owning container's lock guards it.
/// </summary>
internal sealed class DurableMap<TValue> : IReadOnlyDictionary<string, TValue>
    where TValue : class
{
    private readonly Dictionary<string, TValue> _items = new(StringComparer.Ordinal);
    private readonly HashSet<string> _changed = new(StringComparer.Ordinal);
    private readonly bool _tracked;

    public DurableMap(string kind, SandboxState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        Kind = kind;
        _tracked = state.IsDurable;
        foreach (var (key, json) in state.Load(kind))
        {
            try
            {
                _items[key] = StateJson.Read<TValue>(json);
            }
            catch (System.Text.Json.JsonException ex)
            {
                throw new InvalidOperationException($"The sandbox state file {state.FilePath} holds a '{kind}' this build cannot read ({ex.Message}). Delete the file to start the sandbox empty.", ex);
            }
        }
    }

    public string Kind { get; }

    public int Count => _items.Count;

    public IEnumerable<string> Keys => _items.Keys;

    public IEnumerable<TValue> Values => _items.Values;

    public TValue this[string key]
    {
        get => Changed(key, _items[key]);
        set => _items[key] = Changed(key, value);
    }

    public bool ContainsKey(string key) => _items.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out TValue value)
    {
        if (_items.TryGetValue(key, out value))
        {
            Changed(key, value);
            return true;
        }

        return false;
    }

    public TValue? GetValueOrDefault(string key) => TryGetValue(key, out var value) ? value : null;

    /// <summary>Reads an entry without marking it changed (for readers that change nothing).</summary>
    public TValue? Peek(string key) => _items.GetValueOrDefault(key);

    public bool Remove(string key)
    {
        Changed(key, key);
        return _items.Remove(key);
    }

    /// <summary>Empties the map; the state file is cleared as a whole by <see cref="SandboxState.Clear"/>.</summary>
    public void Clear()
    {
        _items.Clear();
        _changed.Clear();
    }

    /// <summary>Writes the entries changed since the last flush. Call under the owning container's lock.</summary>
    public void Flush(IDocumentWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        foreach (var key in _changed)
        {
            if (_items.TryGetValue(key, out var value))
            {
                writer.Put(Kind, key, StateJson.Write(value));
            }
            else
            {
                writer.Delete(Kind, key);
            }
        }

        _changed.Clear();
    }

    public IEnumerator<KeyValuePair<string, TValue>> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private T Changed<T>(string key, T value)
    {
        if (_tracked)
        {
            _changed.Add(key);
        }

        return value;
    }
}
