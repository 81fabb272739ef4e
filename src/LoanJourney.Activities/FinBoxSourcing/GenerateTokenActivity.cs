using System.Text.Json.Nodes;
using LoanJourney.Activities.Journey;
using LoanJourney.Engine.Activities;
using LoanJourney.Lenders.Common;
using LoanJourney.Lenders.FinBoxSourcing;

namespace LoanJourney.Activities.FinBoxSourcing;

/// <summary>
/// Issues a FinBox SDK token for the borrower and exposes it as the <c>token</c> and <c>tokenExpiresAt</c> variables
/// (tokens live 24 h). The first token starts the borrower's journey in FinBox's app. Not eligible (HTTP 403) is Rejected.
/// </summary>
[Activity("FinBoxSdk.GenerateToken", Description = "Sourcing v1: issue an SDK token and expose it (token, tokenExpiresAt).", Outcomes = ["Done", "Rejected"], Outputs = ["tokenExpiresAt", "reason", "lenderCode"])]
[ActivityInput("customerId", ActivityValueType.String, Required = true, Description = "customerID.")]
[ActivityInput("source", ActivityValueType.String, Description = "Optional source tag, echoed in webhooks.")]
[ActivityInput("tokenLifetime", ActivityValueType.Duration, Description = "Token lifetime (default 24 h, as documented).")]
public sealed class GenerateTokenActivity(IFinBoxSourcingClient sourcing, JourneyOptions options) : Activity
{
    /// <inheritdoc />
    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = await IssueAsync(sourcing, context);
        return LenderResultMapping.Map(context, result, options.PollInterval, r => Expose(context, r),
            _ => ActivityResult.Fail(LenderResultMapping.LenderUnavailable, "Eligibility is not available yet; the token cannot be issued.", retryable: true));
    }

    internal static Task<LenderResult<SourcingResponse<TokenData>>> IssueAsync(IFinBoxSourcingClient sourcing, ActivityContext context) =>
        LenderCalls.CallAsync(context, ct => sourcing.GenerateTokenAsync(new GenerateTokenRequest
        {
            CustomerID = context.GetRequiredString("customerId"),
            Source = context.GetOptionalString("source"),
        }, ct));

    internal static ActivityResult Expose(ActivityContext context, LenderResult<SourcingResponse<TokenData>> result)
    {
        if (string.IsNullOrEmpty(result.Body?.Data?.Token))
        {
            return ActivityResult.Fail(LenderResultMapping.LenderError, "The token answer carried no token.", retryable: false);
        }

        var expiresAt = context.UtcNow + (context.GetOptionalDuration("tokenLifetime") ?? TimeSpan.FromHours(24));

        // The SDK token is what the partner hands to FinBox's SDK: it is exposed, never logged.
        context.SetVariable(JourneyVariables.Token, result.Body.Data.Token);
        context.SetVariable(JourneyVariables.TokenExpiresAt, expiresAt);
        return ActivityResult.Complete("Done", new JsonObject { ["tokenExpiresAt"] = expiresAt });
    }
}
