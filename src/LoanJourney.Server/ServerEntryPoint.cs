namespace LoanJourney.Server;

/// <summary>
/// Names the server assembly for <c>WebApplicationFactory&lt;ServerEntryPoint&gt;</c> in tests: the global
/// <c>Program</c> of top-level statements is ambiguous there, because the mounted sandbox has one too.
/// </summary>
public sealed class ServerEntryPoint;
