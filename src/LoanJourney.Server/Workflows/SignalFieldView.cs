namespace LoanJourney.Server.Workflows;

/// <summary>
/// One declared field of a signal's payload (the signal route checks payloads against these); <c>pattern</c> is the regular
/// expression a text value must match as a whole (the pay-later OTP's <c>[0-9]{4,8}</c>), null when any text is taken.
/// </summary>
internal sealed record SignalFieldView(string Signal, string Name, string Type, bool Required, string Description, string? Pattern);
