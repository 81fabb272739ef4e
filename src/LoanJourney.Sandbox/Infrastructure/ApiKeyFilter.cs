using Microsoft.Extensions.Options;

namespace LoanJourney.Sandbox.Infrastructure;

/// <summary>
/// Checks the family's documented credential header (<c>x-api-key</c> for FinBox, <c>Authorization</c> for
/// Capital Float and partners). A configured key must match; with none configured any non-empty key passes.
/// </summary>
internal sealed class ApiKeyFilter(LenderFamily family) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var keys = context.HttpContext.RequestServices.GetRequiredService<IOptions<SandboxOptions>>().Value.ApiKeys;
        var (header, expected) = family switch
        {
            LenderFamily.FinBoxV2 => ("x-api-key", keys.FinBoxV2),
            LenderFamily.FinBoxV1 => ("x-api-key", keys.FinBoxV1),
            LenderFamily.CapitalFloat => ("Authorization", keys.CapitalFloat),
            _ => ("Authorization", keys.Partner),
        };

        var presented = context.HttpContext.Request.Headers[header].ToString();
        var accepted = !string.IsNullOrWhiteSpace(presented)
            && (string.IsNullOrEmpty(expected) || string.Equals(presented, expected, StringComparison.Ordinal));
        return accepted ? await next(context) : LenderErrors.Unauthorized(family);
    }
}
