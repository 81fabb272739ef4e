namespace LoanJourney.TestSupport;

/// <summary>A folder of its own under the temporary path for one test's server data, deleted with what was written in it.</summary>
public sealed class DataFolder : IDisposable
{
    public DataFolder(string name)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"loanjourney-{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
