namespace LoanJourney.Server.Tests.Telemetry;

/// <summary>
/// The telemetry tests read process-wide meters and activity sources: they run alone, not beside the other test classes'
/// servers (run in parallel with them, the scrape of the engine's meter came back empty).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryRunsAlone
{
    public const string Name = "Telemetry";
}
