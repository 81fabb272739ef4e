namespace LoanJourney.Activities.Journey;

/// <summary>Conventional variable names the server exposes to the partner (<c>partner</c> in the instance view).</summary>
public static class JourneyVariables
{
    public const string SessionUrl = "sessionUrl";
    public const string Token = "token";
    public const string TokenExpiresAt = "tokenExpiresAt";
    public const string UtrNumber = "utrNumber";
    public const string LoanAccountNumber = "loanAccountNumber";

    /// <summary>Capital Float's reference of a pay-later disbursal (the tranche), once it is created.</summary>
    public const string TrancheId = "trancheId";
    public const string SignedAgreementUrl = "signedAgreementUrl";
    public const string LoanApplicationId = "loanApplicationID";
    public const string Offer = "offer";

    /// <summary>Set once a token share (final decision) reached the partner: <c>true</c>/<c>false</c> is the approval sent.</summary>
    public const string TokenShared = "tokenShared";

    /// <summary>The partner-facing names, in the order a UI shows them.</summary>
    public static IReadOnlyList<string> PartnerFacing { get; } =
        [SessionUrl, Token, TokenExpiresAt, UtrNumber, LoanAccountNumber, TrancheId, SignedAgreementUrl, LoanApplicationId, Offer];
}
