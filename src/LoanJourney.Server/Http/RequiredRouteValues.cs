using LoanJourney.Server.Problems;

namespace LoanJourney.Server.Http;

/// <summary>
/// Route values that must not be blank. A path segment of spaces (<c>/api/instances/%20</c>) matches a route like any
/// other; the engine's client refuses a blank journey id or signal name as a programming error, which answered 500. The
/// filter answers 400 naming the segment before the endpoint runs.
/// </summary>
internal static class RequiredRouteValues
{
    public static TBuilder RequireRouteValues<TBuilder>(this TBuilder builder, params string[] names)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            foreach (var name in names)
            {
                if (context.HttpContext.Request.RouteValues.TryGetValue(name, out var value) && value is string text && string.IsNullOrWhiteSpace(text))
                {
                    return Problem.Invalid(name, $"Required: '{name}' in the path may not be blank.");
                }
            }

            return await next(context);
        });
}
