using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LoanJourney.Engine.Activities.BuiltIn;
using LoanJourney.Engine.Errors;

namespace LoanJourney.Engine.Activities;

/// <summary>Checks a signal's payload against the fields its activity declares for it (<see cref="ActivitySignalFieldAttribute"/>).</summary>
public static class SignalPayload
{
    /// <summary>
    /// Every declared field of <paramref name="signal"/> that <paramref name="payload"/> lacks or gives the wrong type, and every
    /// field it gives that is not declared; empty when it fits or when nothing is declared for the signal. Messages never quote
    /// the value (it may be an OTP).
    /// </summary>
    public static IReadOnlyList<InputFieldError> Validate(IReadOnlyList<ActivitySignalFieldDescriptor> declared, string signal, JsonNode? payload)
    {
        ArgumentNullException.ThrowIfNull(declared);
        var fields = declared.Where(f => f.Signal == signal).ToList();
        if (fields.Count == 0)
        {
            return [];
        }

        if (payload is not JsonObject body)
        {
            return [new InputFieldError("$", "not_object", $"The payload of signal '{signal}' must be a JSON object with {Names(fields)}.")];
        }

        // A signal that declares its fields takes only those (walk 43): a misspelt optional field was ignored, so a partner's
        // partial shipment {"amout": 500} confirmed the whole purchase, and {"otp": "…", "resendOtp": true} sent the OTP.
        var errors = new List<InputFieldError>();
        foreach (var (name, _) in body)
        {
            if (!fields.Exists(f => f.Name == name))
            {
                errors.Add(new InputFieldError(name, "unknown", $"Unknown field: signal '{signal}' takes {Names(fields)}."));
            }
        }

        foreach (var field in fields)
        {
            var value = body[field.Name];
            if (value is null)
            {
                if (field.Required)
                {
                    errors.Add(new InputFieldError(field.Name, "required", $"'{field.Name}' is required. {field.Description}".TrimEnd()));
                }

                continue;
            }

            if (Problem(field, value) is { } message)
            {
                errors.Add(new InputFieldError(field.Name, "type", message));
            }
            else if (Declared(field, value) is { } declaredProblem)
            {
                errors.Add(declaredProblem);
            }
        }

        return errors;
    }

    private static string? Problem(ActivitySignalFieldDescriptor field, JsonNode value)
    {
        var kind = value.GetValueKind();
        return field.Type switch
        {
            ActivityValueType.String when kind != JsonValueKind.String =>
                $"'{field.Name}' must be text (a JSON string), not {Kind(kind)}.{(kind == JsonValueKind.Number ? " A number would lose leading zeros." : "")}",
            ActivityValueType.String when string.IsNullOrWhiteSpace(value.GetValue<string>()) => $"'{field.Name}' must not be blank.",
            ActivityValueType.Number when !IsNumber(value, kind) => $"'{field.Name}' must be a number, not {Kind(kind)}.",
            ActivityValueType.Integer when kind != JsonValueKind.Number || !value.AsValue().TryGetValue<long>(out _) => $"'{field.Name}' must be a whole number.",
            ActivityValueType.Boolean when kind is not (JsonValueKind.True or JsonValueKind.False) => $"'{field.Name}' must be true or false.",
            ActivityValueType.Object when kind != JsonValueKind.Object => $"'{field.Name}' must be an object, not {Kind(kind)}.",
            ActivityValueType.Array when kind != JsonValueKind.Array || value.AsArray().Count == 0 => $"'{field.Name}' must be a non-empty array.",
            _ => null,
        };
    }

    // A step's own bounds on a string (Core.WaitForSignal's "fields"): its length in code points, then its pattern, matched as a
    // whole. The message names the bound, never the value (it may be an OTP or an account number).
    private static InputFieldError? Declared(ActivitySignalFieldDescriptor field, JsonNode value)
    {
        if (field.Type != ActivityValueType.String || value.GetValueKind() != JsonValueKind.String)
        {
            return null;
        }

        var text = value.GetValue<string>();
        var length = text.EnumerateRunes().Count();
        if (field.MinLength is { } min && length < min)
        {
            return new InputFieldError(field.Name, "length", $"'{field.Name}' must have at least {min} characters{Between(field)}.");
        }

        if (field.MaxLength is { } max && length > max)
        {
            return new InputFieldError(field.Name, "length", $"'{field.Name}' must have at most {max} characters{Between(field)}.");
        }

        if (field.Pattern is { } pattern && !SignalFieldDeclarations.Matches(pattern, text))
        {
            return new InputFieldError(field.Name, "pattern", $"'{field.Name}' does not have the form the step expects (pattern {pattern}).{(field.Description.Length > 0 ? " " + field.Description : "")}");
        }

        return null;
    }

    private static string Between(ActivitySignalFieldDescriptor field) =>
        field is { MinLength: { } min, MaxLength: { } max } ? (min == max ? $" (exactly {min})" : $" ({min} to {max})") : "";

    private static bool IsNumber(JsonNode value, JsonValueKind kind) =>
        kind == JsonValueKind.Number
        || (kind == JsonValueKind.String && Amounts.TryParse(value.GetValue<string>(), out _));

    private static string Kind(JsonValueKind kind) => kind.ToString().ToLowerInvariant();

    private static string Names(List<ActivitySignalFieldDescriptor> fields) =>
        string.Join(", ", fields.Select(f => f.Required ? $"'{f.Name}'" : $"optional '{f.Name}'"));
}
