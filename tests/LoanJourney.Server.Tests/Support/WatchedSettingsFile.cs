using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;

namespace LoanJourney.Server.Tests.Support;

/// <summary>
/// A JSON settings file in a folder of its own, read with <c>reloadOnChange</c> through a polling file provider (inotify is not
/// dependable in containers), that a test rewrites while the server runs: an operator correcting a key in a watched file.
/// </summary>
internal sealed class WatchedSettingsFile : IDisposable
{
    private const string Name = "settings.json";
    private readonly string _directory = Directory.CreateTempSubdirectory("lj-watched-").FullName;
    private readonly PhysicalFileProvider _files;

    /// <param name="settings">The file's first content (it must exist when the configuration is built).</param>
    public WatchedSettingsFile(JsonObject settings)
    {
        Write(settings);
        _files = new PhysicalFileProvider(_directory) { UsePollingFileWatcher = true, UseActivePolling = true };
    }

    /// <summary>Adds the file to a server's configuration, after its own sources.</summary>
    public void AddTo(IConfigurationBuilder configuration) => configuration.AddJsonFile(_files, Name, optional: false, reloadOnChange: true);

    /// <summary>Replaces the file's content at once (written beside it, then moved over it).</summary>
    public void Write(JsonObject settings)
    {
        var path = Path.Combine(_directory, Name);
        File.WriteAllText(path + ".tmp", settings.ToJsonString());
        File.Move(path + ".tmp", path, overwrite: true);
    }

    /// <summary>Waits until the server has read the new content (<paramref name="read"/>): the file is polled every 4 s; a wait for the read, not a time.</summary>
    public static async Task UntilReadAsync(Func<bool> read)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!read())
        {
            await Task.Delay(100, timeout.Token);
        }
    }

    public void Dispose()
    {
        _files.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // a file still held
        }
    }
}
