namespace LoanJourney.Server.Workflows;

/// <summary>A declared input field; <paramref name="Format"/> and <paramref name="Pattern"/> (a start input field's, session 45)
/// let the Studio's start form check a value before it is sent, as the start will (WorkflowInputSchema).</summary>
internal sealed record InputFieldView(string Name, string Type, bool Required, string Description, string? Format = null, string? Pattern = null);
