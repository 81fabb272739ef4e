namespace LoanJourney.Engine.Activities;

/// <summary>A DI marker that an activity type is available; consumed by <see cref="ActivityRegistry"/>.</summary>
public sealed record ActivityRegistration(Type ActivityType);
