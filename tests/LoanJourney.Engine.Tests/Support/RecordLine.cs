using System.Globalization;

namespace LoanJourney.Engine.Tests.Support;

/// <summary>
/// One line the test host's activities append outside the engine's tables: <c>R instance step attempt pid .</c>, or
/// <c>S|E instance step attempt pid timestamp .</c>. A line cut short by a kill lacks the final " ." and is skipped.
/// </summary>
public sealed record RecordLine(string Mark, string InstanceId, string StepId, int Attempt, int Pid, long Timestamp)
{
    public string Key => $"{StepId}/{Attempt.ToString(CultureInfo.InvariantCulture)}";

    public static IReadOnlyList<RecordLine> ReadAll(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var lines = new List<RecordLine>();
        while (reader.ReadLine() is { } line)
        {
            var f = line.Split(' ');
            if (f.Length >= 6 && f[^1] == ".")
            {
                lines.Add(new RecordLine(f[0], f[1], f[2], int.Parse(f[3], CultureInfo.InvariantCulture), int.Parse(f[4], CultureInfo.InvariantCulture),
                    f.Length == 7 ? long.Parse(f[5], CultureInfo.InvariantCulture) : 0));
            }
        }

        return lines;
    }
}
