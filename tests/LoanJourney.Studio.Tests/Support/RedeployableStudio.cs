using System.Text;

namespace LoanJourney.Studio.Tests.Support;

/// <summary>
/// A copy of the built Studio served by a server of its own, that a test can redeploy: <see cref="Redeploy"/> gives every
/// file under <c>assets/</c> a new name (a new build's hashes), rewrites the references in the scripts, style sheets and
/// <c>index.html</c>, and removes the old files, as a deploy of a new build does. A tab opened before then still runs the
/// old build and asks for old names. The copy has no <c>.br</c> / <c>.gz</c> variants: the server sends its files plain.
/// </summary>
public sealed class RedeployableStudio : IAsyncLifetime, IDisposable
{
    private static readonly string[] TextFiles = [".js", ".mjs", ".css", ".html", ".json", ".svg"];

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "lj-studio-deploy-" + Guid.NewGuid().ToString("N"));
    private ServerProcess? _server;
    private int _deploys;

    internal ServerProcess Server => _server ?? throw new InvalidOperationException("Not started.");

    private JourneyApi? _api;

    internal JourneyApi Api => _api ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        var build = RepositoryPaths.StudioBuild;
        foreach (var file in Directory.EnumerateFiles(build, "*", SearchOption.AllDirectories))
        {
            if (file.EndsWith(".br", StringComparison.Ordinal) || file.EndsWith(".gz", StringComparison.Ordinal))
            {
                continue;
            }

            var target = Path.Combine(_folder, Path.GetRelativePath(build, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        _server = await ServerProcess.StartAsync(TimeSpan.FromSeconds(180), studioPath: _folder);
        _api = new JourneyApi(_server.BaseAddress);
    }

    /// <summary>The file names under <c>assets/</c> now served.</summary>
    public IReadOnlyList<string> Assets => [.. Directory.EnumerateFiles(Path.Combine(_folder, "assets")).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal)];

    /// <summary>Deploys a "new build": the same code under new names; returns each old name with its new one.</summary>
    public IReadOnlyDictionary<string, string> Redeploy()
    {
        var tag = "d" + ++_deploys;
        var assets = Path.Combine(_folder, "assets");
        var renames = Directory.EnumerateFiles(assets)
            .Select(f => Path.GetFileName(f)!)
            .ToDictionary(name => name, name => Path.GetFileNameWithoutExtension(name) + tag + Path.GetExtension(name), StringComparer.Ordinal);

        // Longest first, so that no name is rewritten inside a longer one.
        var byLength = renames.OrderByDescending(r => r.Key.Length).ToList();
        string Rewrite(string text)
        {
            var builder = new StringBuilder(text);
            foreach (var (from, to) in byLength)
            {
                builder.Replace(from, to);
            }

            return builder.ToString();
        }

        foreach (var (from, to) in renames)
        {
            var source = Path.Combine(assets, from);
            var target = Path.Combine(assets, to);
            if (TextFiles.Contains(Path.GetExtension(from), StringComparer.OrdinalIgnoreCase))
            {
                File.WriteAllText(target, Rewrite(File.ReadAllText(source)));
            }
            else
            {
                File.Copy(source, target);
            }
        }

        var index = Path.Combine(_folder, "index.html");
        File.WriteAllText(index, Rewrite(File.ReadAllText(index)));
        foreach (var old in renames.Keys)
        {
            File.Delete(Path.Combine(assets, old));
        }

        return renames;
    }

    public void Dispose() => _api?.Dispose();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }
}
