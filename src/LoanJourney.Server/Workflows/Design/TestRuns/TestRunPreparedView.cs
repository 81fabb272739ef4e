namespace LoanJourney.Server.Workflows.Design.TestRuns;

/// <summary>
/// What a test run set up in the sandbox before a scenario's journey started (docs/api.md, "Test-run a draft"): the borrower's
/// customer id and mobile, masked as every mobile the API shows (<c>XXXXXX0030</c>) (when it created the borrower), the disbursed loan (or the test runs' loan the input named), the purchase on the credit line (its <c>txnID</c> and amount); null when none.
/// </summary>
internal sealed record TestRunPreparedView(string? CustomerId, string? Mobile, string? LoanApplicationId, string? PurchaseTxnId, decimal? PurchaseAmount);
