namespace LoanJourney.Engine.Storage;

/// <summary>The lease a runner claimed with; every commit re-checks it.</summary>
public sealed record LeaseFence(string Owner, long Token);
