namespace LoanJourney.Server.Tests.Telemetry;

/// <summary>
/// The telemetry tests read process-wide activity sources (an in-memory exporter gets every server's spans): they run
/// alone, not beside the other test classes' servers. Meters are per server since the scrape keeps to its own meter
/// factory's (an ending server used to take every series off the others' scrapes: TelemetrySetup.OwnInstrumentsOnly).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryRunsAlone
{
    public const string Name = "Telemetry";
}
