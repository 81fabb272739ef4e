using System.Globalization;

namespace LoanJourney.Engine.Storage;

/// <summary>The versioned <c>NNNN_name.sql</c> migrations embedded under a resource prefix, in version order (both stores).</summary>
internal static class EmbeddedMigrations
{
    public static IEnumerable<(long Version, string Name, string Sql)> Read(string prefix)
    {
        var assembly = typeof(EmbeddedMigrations).Assembly;
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var name = resource[prefix.Length..];
            var version = long.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            yield return (version, name, reader.ReadToEnd());
        }
    }
}
