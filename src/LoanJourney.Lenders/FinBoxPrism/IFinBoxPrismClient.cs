using System.Text.Json;
using LoanJourney.Lenders.Common;

namespace LoanJourney.Lenders.FinBoxPrism;

/// <summary>FinBox Lender Prism v2, server to server (<c>x-api-key</c>). One method per documented endpoint.</summary>
public interface IFinBoxPrismClient
{
    /// <summary>POST <c>v2/user/create</c>.</summary>
    Task<LenderResult<PrismResponse<MessageData>>> CreateUserAsync(CreateUserRequest request, CancellationToken cancellationToken = default);

    /// <summary>POST <c>v2/user/details/update</c>: both invocations (personal details + consents, or NACH mandate + business + insurance).</summary>
    Task<LenderResult<PrismResponse<MessageData>>> UpdateUserDetailsAsync(UpdateUserDetailsRequest request, CancellationToken cancellationToken = default);

    /// <summary>POST <c>v2/user/offers</c>.</summary>
    Task<LenderResult<PrismResponse<ReferenceData>>> TriggerBreAsync(TriggerBreRequest request, CancellationToken cancellationToken = default);

    /// <summary>GET <c>v2/user/offers?referenceID=</c>.</summary>
    Task<LenderResult<PrismResponse<BreData>>> GetBreAsync(string referenceID, CancellationToken cancellationToken = default);

    /// <summary>POST <c>user/acceptOffer</c> (no <c>v2/</c>, as documented).</summary>
    Task<LenderResult<PrismResponse<MessageData>>> AcceptOfferAsync(AcceptOfferRequest request, CancellationToken cancellationToken = default);

    /// <summary>GET <c>v2/bank/list?customerID=</c>.</summary>
    Task<LenderResult<BankListResponse>> GetBankListAsync(string customerID, CancellationToken cancellationToken = default);

    /// <summary>POST <c>v2/user/bank/analyse</c> (multipart). Files over 5 MB are refused before anything is sent.</summary>
    Task<LenderResult<PrismResponse<ReferenceData>>> TriggerBankingAsync(TriggerBankingRequest request, CancellationToken cancellationToken = default);

    /// <summary>GET <c>v2/user/bank/analyse?referenceID=</c>.</summary>
    Task<LenderResult<PrismResponse<BankingData>>> GetBankingAsync(string referenceID, CancellationToken cancellationToken = default);

    /// <summary>POST <c>v2/document/upload</c> (multipart): Aadhaar XML, selfie, agreement or business proof.</summary>
    Task<LenderResult<PrismResponse<JsonElement>>> UploadDocumentAsync(DocumentUploadRequest request, CancellationToken cancellationToken = default);

    /// <summary>POST <c>v2/kyc/ckyc</c>.</summary>
    Task<LenderResult<PrismResponse<ReferenceData>>> TriggerKycAsync(TriggerKycRequest request, CancellationToken cancellationToken = default);

    /// <summary>GET <c>v2/kyc/details?referenceID=</c>.</summary>
    Task<LenderResult<PrismResponse<KycData>>> GetKycAsync(string referenceID, CancellationToken cancellationToken = default);

    /// <summary>POST <c>v2/loan/agreement</c>.</summary>
    Task<LenderResult<PrismResponse<ReferenceData>>> TriggerAgreementSigningAsync(TriggerAgreementSigningRequest request, CancellationToken cancellationToken = default);

    /// <summary>GET <c>v2/loan/agreement?referenceID=</c>.</summary>
    Task<LenderResult<PrismResponse<AgreementSigningData>>> GetAgreementSigningAsync(string referenceID, CancellationToken cancellationToken = default);

    /// <summary>POST <c>v2/loan/disburse</c>.</summary>
    Task<LenderResult<PrismResponse<ReferenceData>>> TriggerDisbursalAsync(TriggerDisbursalRequest request, CancellationToken cancellationToken = default);

    /// <summary>GET <c>v2/loan/disburse?referenceID=</c>.</summary>
    Task<LenderResult<PrismResponse<DisbursalData>>> GetDisbursalAsync(string referenceID, CancellationToken cancellationToken = default);

    /// <summary>POST <c>v2/user/session</c>.</summary>
    Task<LenderResult<SessionResponse>> CreateSessionAsync(SessionRequest request, CancellationToken cancellationToken = default);
}
