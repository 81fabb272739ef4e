using System.Collections.Frozen;

namespace LoanJourney.Engine.Activities;

/// <summary>All registered activities by type name. Built from DI registrations made with <c>AddActivity&lt;T&gt;()</c>.</summary>
public sealed class ActivityRegistry
{
    private readonly FrozenDictionary<string, ActivityDescriptor> _byName;

    /// <summary>Creates the registry from registrations; duplicate type names are a configuration error.</summary>
    public ActivityRegistry(IEnumerable<ActivityRegistration> registrations)
    {
        ArgumentNullException.ThrowIfNull(registrations);
        var map = new Dictionary<string, ActivityDescriptor>(StringComparer.Ordinal);
        foreach (var registration in registrations)
        {
            var descriptor = ActivityDescriptor.FromType(registration.ActivityType);
            if (map.TryGetValue(descriptor.TypeName, out var existing) && existing.ClrType != descriptor.ClrType)
            {
                throw new InvalidOperationException(
                    $"Activity type name '{descriptor.TypeName}' is registered by both {existing.ClrType.FullName} and {descriptor.ClrType.FullName}.");
            }

            map[descriptor.TypeName] = descriptor;
        }

        _byName = map.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>All descriptors, ordered by type name.</summary>
    public IReadOnlyList<ActivityDescriptor> Descriptors => _byName.Values.OrderBy(d => d.TypeName, StringComparer.Ordinal).ToArray();

    /// <summary>Finds a descriptor by type name.</summary>
    public bool TryGet(string typeName, out ActivityDescriptor descriptor) => _byName.TryGetValue(typeName, out descriptor!);
}
