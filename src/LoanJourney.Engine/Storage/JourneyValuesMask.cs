namespace LoanJourney.Engine.Storage;

/// <summary>
/// Makes the mask of one journey's own personal values, from its input (decrypted JSON) and correlation id, for the texts
/// about it that outlive its redaction: operators' reasons in the audit trail (docs/server.md, "Retention"). The server's
/// masks the values <c>BorrowerValues</c> collects (name and each word of it, date of birth, address lines, account
/// numbers…) and the customer id.
/// </summary>
/// <param name="inputJson">The journey's input as it was before the redaction, decrypted.</param>
/// <param name="correlationId">The journey's correlation id before the redaction (the customer id by default), or null.</param>
/// <returns>A function that writes a text about the journey without those values.</returns>
public delegate Func<string, string> JourneyValuesMask(string inputJson, string? correlationId);
