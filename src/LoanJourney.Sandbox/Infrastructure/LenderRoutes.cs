using LoanJourney.Sandbox.Durability;
using LoanJourney.Sandbox.Faults;

namespace LoanJourney.Sandbox.Infrastructure;

/// <summary>
/// Lender route groups: fault injection first (a faulted call never reaches auth), then the credential check, then the
/// state flush around the handler.
/// </summary>
internal static class LenderRoutes
{
    public static RouteGroupBuilder MapLenderGroup(this IEndpointRouteBuilder root, LenderFamily family)
    {
        var group = root.MapGroup(string.Empty);
        group.AddEndpointFilter(new FaultInjectionFilter(family));
        group.AddEndpointFilter(new ApiKeyFilter(family));
        group.AddEndpointFilter(new PersistStateFilter());
        return group;
    }
}
