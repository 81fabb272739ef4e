using Microsoft.Extensions.Primitives;

namespace LoanJourney.Server.Logging;

/// <summary>
/// The application's configuration as Serilog.Settings.Configuration reads it, with only some directives of the
/// <c>Serilog</c> section visible (<c>WriteTo</c>, <c>MinimumLevel</c>, ...; the reader asks the section for each directive
/// by name). A live view, not a copy: values, reload tokens (levels changed in <c>appsettings.json</c> while the server
/// runs) and the providers (the reader's precedence of <c>MinimumLevel</c> against <c>MinimumLevel:Default</c>) are the
/// configuration's own. <see cref="LoggingSetup"/> reads the logger's levels, enrichers and filters through a view without
/// the sink directives, and the sinks through one with them, inside the PII scrubber.
/// </summary>
internal sealed class SerilogDirectives(IConfigurationRoot configuration, IReadOnlySet<string> directives) : IConfigurationRoot
{
    public const string SectionName = "Serilog";

    /// <summary>Levels, enrichers, properties, filters, destructuring: everything but the sinks.</summary>
    public static readonly IReadOnlySet<string> AllButSinks = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "Using", "LevelSwitches", "FilterSwitches", "MinimumLevel", "Enrich", "Properties", "Filter", "Destructure",
    };

    /// <summary>The sinks of <c>WriteTo</c> (and what their arguments may name: assemblies, level and filter switches).</summary>
    public static readonly IReadOnlySet<string> WriteTo = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "Using", "LevelSwitches", "FilterSwitches", "WriteTo",
    };

    /// <summary>The audit sinks of <c>AuditTo</c>, likewise.</summary>
    public static readonly IReadOnlySet<string> AuditTo = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "Using", "LevelSwitches", "FilterSwitches", "AuditTo",
    };

    private static readonly IConfigurationRoot Empty = new ConfigurationBuilder().Build();

    public string? this[string key]
    {
        get => Hidden(key) ? null : configuration[key];
        set => configuration[key] = value;
    }

    public IEnumerable<IConfigurationProvider> Providers => configuration.Providers;

    public IConfigurationSection GetSection(string key) =>
        string.Equals(key, SectionName, StringComparison.OrdinalIgnoreCase) ? new Section(configuration.GetSection(key), directives) : configuration.GetSection(key);

    public IEnumerable<IConfigurationSection> GetChildren() =>
        configuration.GetChildren().Select(c => string.Equals(c.Key, SectionName, StringComparison.OrdinalIgnoreCase) ? new Section(c, directives) : c);

    public IChangeToken GetReloadToken() => configuration.GetReloadToken();

    public void Reload() => configuration.Reload();

    private bool Hidden(string path) =>
        path.Split(ConfigurationPath.KeyDelimiter) is [var first, var directive, ..]
        && string.Equals(first, SectionName, StringComparison.OrdinalIgnoreCase) && !directives.Contains(directive);

    /// <summary>The <c>Serilog</c> section with the other directives absent (empty sections, no children).</summary>
    private sealed class Section(IConfigurationSection section, IReadOnlySet<string> directives) : IConfigurationSection
    {
        public string Key => section.Key;

        public string Path => section.Path;

        public string? Value
        {
            get => section.Value;
            set => section.Value = value;
        }

        public string? this[string key]
        {
            get => Shown(key) ? section[key] : null;
            set => section[key] = value;
        }

        public IConfigurationSection GetSection(string key) => Shown(key) ? section.GetSection(key) : Empty.GetSection(ConfigurationPath.Combine(Path, key));

        public IEnumerable<IConfigurationSection> GetChildren() => section.GetChildren().Where(c => directives.Contains(c.Key));

        public IChangeToken GetReloadToken() => section.GetReloadToken();

        private bool Shown(string key) => directives.Contains(key.Split(ConfigurationPath.KeyDelimiter)[0]);
    }
}
