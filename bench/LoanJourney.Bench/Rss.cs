using System.Globalization;

namespace LoanJourney.Bench;

internal static class Rss
{
    /// <summary>VmRSS of this process in MB, from /proc/self/status.</summary>
    public static double Megabytes() => Read("/proc/self/status");

    /// <summary>VmRSS of another process in MB.</summary>
    public static double OfProcessMb(int pid) => Read($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status");

    /// <summary>VmHWM (the highest VmRSS so far) of another process in MB.</summary>
    public static double PeakOfProcessMb(int pid) => Read($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status", "VmHWM:");

    private static double Read(string status, string field = "VmRSS:")
    {
        var line = File.ReadLines(status).First(l => l.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }
}
