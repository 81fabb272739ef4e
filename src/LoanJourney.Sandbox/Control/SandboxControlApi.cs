using LoanJourney.Sandbox.CapitalFloat;
using LoanJourney.Sandbox.Durability;
using LoanJourney.Sandbox.Faults;
using LoanJourney.Sandbox.FinBoxV1;
using LoanJourney.Sandbox.FinBoxV2;
using LoanJourney.Sandbox.Infrastructure;
using LoanJourney.Sandbox.Partner;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace LoanJourney.Sandbox.Control;

/// <summary>
/// Control routes, always at the absolute <c>/sandbox/...</c>: never faulted, never key-checked (the sandbox
/// is a test double; it must not be exposed where real borrowers' data flows).
/// </summary>
internal static class SandboxControlApi
{
    public static void MapSandboxControl(this IEndpointRouteBuilder app)
    {
        var control = app.MapGroup("/sandbox");
        control.AddEndpointFilter(new PersistStateFilter());
        control.MapPost("/reset", (IEnumerable<IResettable> parts, SandboxState state) =>
        {
            foreach (var part in parts)
            {
                part.Reset();
            }

            state.Clear();
            return TypedResults.NoContent();
        });
        control.MapGet("/faults", (FaultSettings faults) => TypedResults.Ok(faults.Current));
        control.MapPut("/faults", FaultsEndpoint.PutAsync);
        // Real journeys' counts; ?testRuns=true, draft test runs' (kept apart: RequestCounters).
        // Real journeys' counts and entries; ?testRuns=true, draft test runs' (kept apart: RequestCounters, CounterBook).
        control.MapGet("/counters", (CallCounters counters, bool? testRuns) => TypedResults.Ok(counters.All(RequestCounters.Listed(testRuns))));
        control.MapGet("/counters/{customerId}", (string customerId, CallCounters counters, bool? testRuns) => TypedResults.Ok(counters.For(RequestCounters.Listed(testRuns), customerId)));
        control.MapGet("/capitalfloat/otp", ([FromQuery(Name = "app_id")] string? appId, [FromQuery(Name = "order_id")] string? orderId, bool? testRuns, CapitalFloatStore store) =>
            CapitalFloatApi.ReadOtp(appId, orderId, RequestCounters.Listed(testRuns), store));
        control.MapGet("/partner/token-shares", (PartnerStore store, bool? testRuns) => Results.Json(store.TokenShares(RequestCounters.Listed(testRuns)), WireJson.Options));
        control.MapGet("/partner/handshakes", (PartnerStore store, bool? testRuns) => Results.Json(store.Handshakes(RequestCounters.Listed(testRuns)), WireJson.Options));
        control.MapPost("/finbox/users/{customerId}/advance", (string customerId, V1Journeys journeys) =>
            journeys.Advance(customerId) is { } payload
                ? Results.Json(payload, WireJson.Options)
                : Results.Problem(title: "user unknown, token not issued yet, or journey finished", statusCode: StatusCodes.Status409Conflict));
        control.MapGet("/finbox/users/{customerId}/kyc-hold", (string customerId, FinBoxV2Store store) =>
        {
            lock (store.Gate)
            {
                return TypedResults.Ok(new KycHold(store.HeldActions.Contains(customerId)));
            }
        });
        control.MapPut("/finbox/users/{customerId}/kyc-hold", (string customerId, KycHold body, FinBoxV2Store store) =>
        {
            lock (store.Gate)
            {
                _ = body.Hold ? store.HeldActions.Add(customerId) : store.HeldActions.Remove(customerId);
                return TypedResults.Ok(body);
            }
        });
        control.MapPost("/finbox/users/{customerId}/creditline/transactions", FinBoxV1Api.CreatePurchase);
        // Fixtures for journeys that start after disbursal (a repayment, a credit line order): docs/sandbox.md, "Fixtures".
        control.MapPost("/finbox/users", FinBoxV1Fixtures.CreateUser);
        control.MapPost("/finbox/loans", FinBoxV1Fixtures.CreateLoan);
        control.MapGet("/finbox/loans/{loanApplicationId}", (string loanApplicationId, bool? testRuns, FinBoxV1Store store) =>
            FinBoxV1Fixtures.ReadLoan(loanApplicationId, testRuns, store));
        control.MapGet("/outbound", (OutboundQueue outbound) => TypedResults.Ok(outbound.Deliveries));
        control.MapGet("/outbound/hold", (OutboundQueue outbound) => TypedResults.Ok(new OutboundHold(outbound.Held, outbound.Pending)));
        control.MapPut("/outbound/hold", (OutboundHold body, OutboundQueue outbound) =>
        {
            outbound.Hold(body.Hold);
            return TypedResults.Ok(new OutboundHold(outbound.Held, outbound.Pending));
        });
        control.MapGet("/scenarios", (IOptions<SandboxOptions> options) => TypedResults.Ok(SandboxScenarios.RowsFor(options.Value)));
    }
}
