namespace LoanJourney.Lenders.Common;

/// <summary>
/// When a lender's answer says <em>our</em> configuration is wrong, not the borrower: the lender refuses our credentials, or the
/// path we called is not its API. Each lender's classifier says, from its documents, which answers refuse our credentials and
/// which are the lender's own (its envelope, its code); this rule is the rest, the same for all (docs/lenders.md, "Our
/// configuration refused"):
/// <list type="bullet">
/// <item>an answer the lender's tables read as a business answer (success, processing, a rejection) never is;</item>
/// <item>a refusal of our credentials names the credential setting (<c>ApiKey</c> or <c>Authorization</c>);</item>
/// <item>a 404 or 405 that is not the lender's own answer (no envelope, no code: a web server's or gateway's "no such path")
/// names <c>BaseUrl</c>. A 404 in the lender's envelope is its word ("user not found", "txnID not found") and stays its.</item>
/// </list>
/// </summary>
internal static class LenderMisconfiguration
{
    /// <summary>The setting named when the answer is no lender's answer to the path we called.</summary>
    public const string BaseUrl = "BaseUrl";

    /// <summary>The FinBox credential setting (<c>x-api-key</c>).</summary>
    public const string ApiKey = "ApiKey";

    /// <summary>The Capital Float and partner credential setting (<c>Authorization</c>).</summary>
    public const string Authorization = "Authorization";

    /// <summary>The setting to fix, or null when the answer says nothing about our configuration.</summary>
    /// <param name="httpStatus">The answer's HTTP status.</param>
    /// <param name="kind">What the lender's tables made of it.</param>
    /// <param name="credentialsRefused">The lender's documents (or the HTTP status) say it refused our credentials.</param>
    /// <param name="lendersOwnAnswer">The body is the lender's own envelope or carries its code.</param>
    /// <param name="credential">The lender's credential setting.</param>
    public static string? Setting(int httpStatus, LenderResultKind kind, bool credentialsRefused, bool lendersOwnAnswer, string credential)
    {
        if (kind is LenderResultKind.Success or LenderResultKind.Processing or LenderResultKind.Rejected)
        {
            return null;
        }

        if (credentialsRefused)
        {
            return credential;
        }

        return httpStatus is 404 or 405 && !lendersOwnAnswer ? BaseUrl : null;
    }
}
