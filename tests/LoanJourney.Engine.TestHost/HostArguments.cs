using System.Globalization;

namespace LoanJourney.Engine.TestHost;

/// <summary>Command line of the test host: <c>--db F --record F --node ID --workflow crash|pair --instances N [--ready F] [--go F] [--concurrency N] [--gate F]</c>.</summary>
internal sealed record HostArguments(string DatabasePath, string RecordPath, string NodeId, string Workflow, int Instances, string? ReadyFile, string? GoFile, int Concurrency, string? GateFile)
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
            values.GetValueOrDefault("gate"));
    }
}
