namespace LoanJourney.Server.Workflows;

// A declared input field. Format and Pattern (a start input field's, session 45) let the Studio's start form check a value
// before it is sent, as the start will (WorkflowInputSchema). A plain comment, not a summary: a summary would become the
// schema's description in the OpenAPI document and in studio/src/api/schema.d.ts. Properties are an Object field's declared
// fields (null: a free-form object), each with its own, so the form checks a nested value's format too (session 46).
internal sealed record InputFieldView(
    string Name, string Type, bool Required, string Description, string? Format = null, string? Pattern = null, IReadOnlyList<InputFieldView>? Properties = null);
