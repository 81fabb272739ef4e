namespace LoanJourney.Server.OpenApi;

/// <summary>
/// Declares the <c>application/problem+json</c> answers of an endpoint (or of every endpoint of a group) in its metadata —
/// the 4xx, and 503 on every group that uses the journey store (<see cref="StoreUnavailableResponse"/>) — so the OpenAPI
/// document lists them and client generators type them (docs/api.md, "Errors").
/// </summary>
internal static class ProblemResponses
{
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            builder.ProducesProblem(status);
        }

        return builder;
    }

    public static RouteGroupBuilder ProducesProblems(this RouteGroupBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            builder.ProducesProblem(status);
        }

        return builder;
    }
}
