using System.Text;

namespace LoanJourney.Server.Tests.Support;

/// <summary>The server's JSON log files, read while the server may still write them (the sink shares the file).</summary>
public static class LogFiles
{
    /// <summary>Every log file under <paramref name="directory"/> (and its subfolders), one after another; empty when there is none yet.</summary>
    public static async Task<string> ReadAsync(string directory)
    {
        var text = new StringBuilder();
        var files = Directory.Exists(directory) ? Directory.GetFiles(directory, "*", SearchOption.AllDirectories) : [];
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            text.Append(await reader.ReadToEndAsync());
        }

        return text.ToString();
    }
}
