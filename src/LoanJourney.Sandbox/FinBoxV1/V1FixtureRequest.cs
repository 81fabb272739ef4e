using System.Text.Json.Serialization;

namespace LoanJourney.Sandbox.FinBoxV1;

/// <summary>Control route body (<c>POST /sandbox/finbox/users</c>, <c>POST /sandbox/finbox/loans</c>): the borrower to set up; the mobile's last four pick the scenario.</summary>
internal sealed record V1FixtureRequest(
    [property: JsonPropertyName("customerID")] string? CustomerId,
    [property: JsonPropertyName("mobile")] string? Mobile);
