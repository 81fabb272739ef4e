namespace LoanJourney.Sandbox;

/// <summary>A row of the sandbox's scenario table: the last four digits that pick it and what the simulated lenders do then.</summary>
/// <param name="Key">The last four digits of the borrower's mobile (FinBox, handshake phone) or of the Capital Float <c>app_id</c>.</param>
/// <param name="Description">What the simulated lenders do, and for the Capital Float rows how the shipped pay-later journey ends.</param>
public sealed record SandboxScenario(string Key, string Description);
