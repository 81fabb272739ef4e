using System.Globalization;

namespace LoanJourney.Bench;

internal static class Rss
{
    /// <summary>VmRSS of this process in MB, from /proc/self/status.</summary>
    public static double Megabytes()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }
}
