using System.Globalization;

namespace LoanJourney.Engine.TestHost;

/// <summary>
/// Command line of the test host: <c>--db F --record F --node ID --workflow crash|pair --instances N [--ready F] [--go F] [--concurrency N]
/// [--gate F] [--die-after-ms N] [--die-after-records N [--die-jitter-ms N]]</c>. The <c>--die-*</c> options make the host SIGKILL itself:
/// N ms after it started, or a few ms after the record file reached N lines — so where a kill lands does not depend on how promptly
/// the test process is scheduled.
/// </summary>
internal sealed record HostArguments(string DatabasePath, string RecordPath, string NodeId, string Workflow, int Instances, string? ReadyFile, string? GoFile, int Concurrency, string? GateFile,
    int? DieAfterMs, int? DieAfterRecords, int DieJitterMs)
{
    public static HostArguments Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        return new HostArguments(
            values["db"],
            values["record"],
            values["node"],
            values["workflow"],
            int.Parse(values["instances"], CultureInfo.InvariantCulture),
            values.GetValueOrDefault("ready"),
            values.GetValueOrDefault("go"),
            int.Parse(values.GetValueOrDefault("concurrency", "8"), CultureInfo.InvariantCulture),
            values.GetValueOrDefault("gate"),
            values.TryGetValue("die-after-ms", out var ms) ? int.Parse(ms, CultureInfo.InvariantCulture) : null,
            values.TryGetValue("die-after-records", out var records) ? int.Parse(records, CultureInfo.InvariantCulture) : null,
            int.Parse(values.GetValueOrDefault("die-jitter-ms", "0"), CultureInfo.InvariantCulture));
    }
}
