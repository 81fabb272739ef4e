using LoanJourney.Sandbox.CapitalFloat;
using LoanJourney.Sandbox.Control;
using LoanJourney.Sandbox.FinBoxV1;
using LoanJourney.Sandbox.FinBoxV2;
using LoanJourney.Sandbox.Partner;

namespace LoanJourney.Sandbox;

/// <summary>Maps the lender sandbox's routes.</summary>
public static class SandboxEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the four lender APIs at their documented paths under <paramref name="prefix"/>, and the control
    /// routes at the absolute <c>/sandbox/...</c> (so a "/sandbox" prefix puts everything under /sandbox once).
    /// Call it on the application itself, not on a route group.
    /// </summary>
    public static IEndpointRouteBuilder MapLenderSandbox(this IEndpointRouteBuilder app, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(app);
        var lenders = app.MapGroup(prefix.TrimEnd('/'));
        lenders.MapFinBoxV2();
        lenders.MapFinBoxV1();
        lenders.MapCapitalFloat();
        lenders.MapPartner();
        app.MapSandboxControl();
        return app;
    }
}
