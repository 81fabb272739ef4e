using LoanJourney.Lenders.Common;
using Refit;

namespace LoanJourney.Lenders.FinBoxPrism;

/// <summary>
/// Lender Prism v2 on the wire, one method per documented endpoint (paths as in <see cref="FinBoxPrismOperations"/>). Refit builds
/// the requests; answers come back raw because FinBox reports errors inside HTTP 200 bodies, which only
/// <see cref="FinBoxPrismClassifier"/> can read. Every call carries its <see cref="LenderOperation"/> for the resilience pipeline.
/// </summary>
internal interface IFinBoxPrismApi
{
    [Post("/v2/user/create")]
    Task<HttpResponseMessage> CreateUser([Body] CreateUserRequest request, [Property(LenderRequestOptions.OperationKey)] LenderOperation operation, CancellationToken cancellationToken);

    [Post("/v2/user/details/update")]
    Task<HttpResponseMessage> UpdateUserDetails([Body] UpdateUserDetailsRequest request, [Property(LenderRequestOptions.OperationKey)] LenderOperation operation, CancellationToken cancellationToken);

    [Post("/v2/user/offers")]
    Task<HttpResponseMessage> TriggerBre([Body] TriggerBreRequest request, [Property(LenderRequestOptions.OperationKey)] LenderOperation operation, CancellationToken cancellationToken);

    [Get("/v2/user/offers")]
    Task<HttpResponseMessage> GetBre(string referenceID, [Property(LenderRequestOptions.OperationKey)] LenderOperation operation, CancellationToken cancellationToken);

    [Post("/user/acceptOffer")]
    Task<HttpResponseMessage> AcceptOffer([Body] AcceptOfferRequest request, [Property(LenderRequestOptions.OperationKey)] LenderOperation operation, CancellationToken cancellationToken);

    [Get("/v2/bank/list")]
    Task<HttpResponseMessage> GetBankList(string customerID, [Property(LenderRequestOptions.OperationKey)] LenderOperation operation, CancellationToken cancellationToken);

    [Multipart]
    [Post("/v2/user/bank/analyse")]
    Task<HttpResponseMessage> TriggerBanking(
        string customerID,
        IEnumerable<ByteArrayPart> files,
        string bankName,
        string uploadType,
        string? pdfPassword,
        [Property(LenderRequestOptions.OperationKey)] LenderOperation operation,
        CancellationToken cancellationToken);

    [Get("/v2/user/bank/analyse")]
    Task<HttpResponseMessage> GetBanking(string referenceID, [Property(LenderRequestOptions.OperationKey)] LenderOperation operation, CancellationToken cancellationToken);

    /// <remarks>The file's form field depends on the document type (<see cref="PrismDocumentTypes.FileField"/>): it is the part's name.</remarks>
    [Multipart]
    [Post("/v2/document/upload")]
    Task<HttpResponseMessage> UploadDocument(
        string program,
        ByteArrayPart file,
        string documentType,
        string customerID,
        [Property(LenderRequestOptions.OperationKey)] LenderOperation operation,
        CancellationToken cancellationToken);

    [Post("/v2/kyc/ckyc")]
    Task<HttpResponseMessage> TriggerKyc([Body] TriggerKycRequest request, [Property(LenderRequestOptions.OperationKey)] LenderOperation operation, CancellationToken cancellationToken);

    [Get("/v2/kyc/details")]
    Task<HttpResponseMessage> GetKyc(string referenceID, [Property(LenderRequestOptions.OperationKey)] LenderOperation operation, CancellationToken cancellationToken);

    [Post("/v2/loan/agreement")]
    Task<HttpResponseMessage> TriggerAgreementSigning([Body] TriggerAgreementSigningRequest request, [Property(LenderRequestOptions.OperationKey)] LenderOperation operation, CancellationToken cancellationToken);

    [Get("/v2/loan/agreement")]
    Task<HttpResponseMessage> GetAgreementSigning(string referenceID, [Property(LenderRequestOptions.OperationKey)] LenderOperation operation, CancellationToken cancellationToken);

    [Post("/v2/loan/disburse")]
    Task<HttpResponseMessage> TriggerDisbursal([Body] TriggerDisbursalRequest request, [Property(LenderRequestOptions.OperationKey)] LenderOperation operation, CancellationToken cancellationToken);

    [Get("/v2/loan/disburse")]
    Task<HttpResponseMessage> GetDisbursal(string referenceID, [Property(LenderRequestOptions.OperationKey)] LenderOperation operation, CancellationToken cancellationToken);

    [Post("/v2/user/session")]
    Task<HttpResponseMessage> CreateSession([Body] SessionRequest request, [Property(LenderRequestOptions.OperationKey)] LenderOperation operation, CancellationToken cancellationToken);
}
