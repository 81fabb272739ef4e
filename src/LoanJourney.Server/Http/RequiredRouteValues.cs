using LoanJourney.Server.Problems;

namespace LoanJourney.Server.Http;

/// <summary>
/// Route values that must not be blank. A path segment of spaces (<c>/api/instances/%20</c>) matches a route like any
/// other; the engine's client refuses a blank journey id or signal name as a programming error, which answered 500. The
/// filter answers 400 naming the segment before the endpoint runs. Nor may they hold a control character (session 51):
/// no journey id or signal name does, and <c>/api/instances/%01</c> was looked up and answered 404 with the character echoed
/// in its detail. A NUL (<c>%00</c>) never gets here: Kestrel's path decoder refuses it while it parses the request line,
/// before any middleware, with a bare 400 (docs/api.md, "Errors"); it is a control character like the others all the same.
/// </summary>
internal static class RequiredRouteValues
{
    public static TBuilder RequireRouteValues<TBuilder>(this TBuilder builder, params string[] names)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            foreach (var name in names)
            {
                if (context.HttpContext.Request.RouteValues.TryGetValue(name, out var value) && value is string text)
                {
                    if (string.IsNullOrWhiteSpace(text))
                    {
                        return Problem.Invalid(name, $"Required: '{name}' in the path may not be blank.");
                    }

                    if (text.Any(char.IsControl))
                    {
                        return Problem.Invalid(name, $"'{name}' in the path must not contain control characters (NUL, tab, escape, …): no journey id or signal name has one.");
                    }
                }
            }

            return await next(context);
        });
}
