namespace LoanJourney.Server.Workflows.Design.TestRuns;

/// <summary>Whether the embedded lender sandbox is mounted in this server, and where.</summary>
internal sealed record SandboxMount(bool Enabled, string Path);
