namespace LoanJourney.Sandbox.Durability;

/// <summary>
/// Runs right around the handler (inside fault injection and the key check): whatever the call changed is in the state file
/// before its answer is written, even when <c>X-Sandbox-Fault-After</c> then drops that answer.
/// </summary>
internal sealed class PersistStateFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        finally
        {
            context.HttpContext.RequestServices.GetRequiredService<SandboxState>().Persist();
        }
    }
}
