using System.Globalization;
using System.Text.Json;
using LoanJourney.Lenders.Common;
using Microsoft.Extensions.Logging;
using Refit;
using Ops = LoanJourney.Lenders.FinBoxPrism.FinBoxPrismOperations;

namespace LoanJourney.Lenders.FinBoxPrism;

/// <summary>The typed Lender Prism v2 client. Thin: resilience, auth headers and recording are added at registration.</summary>
internal sealed class FinBoxPrismClient(IFinBoxPrismApi api, ILogger<FinBoxPrismClient> logger) : IFinBoxPrismClient
{
    private readonly LenderCaller _caller = new(logger, LenderNames.FinBoxPrism, FinBoxPrismClassifier.Instance);

    /// <inheritdoc />
    public Task<LenderResult<PrismResponse<MessageData>>> CreateUserAsync(CreateUserRequest request, CancellationToken cancellationToken = default) =>
        _caller.CallAsync<PrismResponse<MessageData>>(Ops.CreateUser, (op, ct) => api.CreateUser(request, op, ct), cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<PrismResponse<MessageData>>> UpdateUserDetailsAsync(UpdateUserDetailsRequest request, CancellationToken cancellationToken = default) =>
        _caller.CallAsync<PrismResponse<MessageData>>(Ops.UpdateUserDetails, (op, ct) => api.UpdateUserDetails(request, op, ct), cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<PrismResponse<ReferenceData>>> TriggerBreAsync(TriggerBreRequest request, CancellationToken cancellationToken = default) =>
        _caller.CallAsync<PrismResponse<ReferenceData>>(Ops.TriggerBre, (op, ct) => api.TriggerBre(request, op, ct), cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<PrismResponse<BreData>>> GetBreAsync(string referenceID, CancellationToken cancellationToken = default) =>
        _caller.CallAsync<PrismResponse<BreData>>(Ops.GetBre, (op, ct) => api.GetBre(referenceID, op, ct), cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<PrismResponse<MessageData>>> AcceptOfferAsync(AcceptOfferRequest request, CancellationToken cancellationToken = default) =>
        _caller.CallAsync<PrismResponse<MessageData>>(Ops.AcceptOffer, (op, ct) => api.AcceptOffer(request, op, ct), cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<BankListResponse>> GetBankListAsync(string customerID, CancellationToken cancellationToken = default) =>
        _caller.CallAsync<BankListResponse>(Ops.GetBankList, (op, ct) => api.GetBankList(customerID, op, ct), cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<PrismResponse<ReferenceData>>> TriggerBankingAsync(TriggerBankingRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        foreach (var file in request.Files)
        {
            if (file.Length > TriggerBankingRequest.MaxFileBytes)
            {
                LenderLog.FileTooLarge(logger, LenderNames.FinBoxPrism, Ops.TriggerBanking.Name, Pii.ScrubText(file.FileName), file.Length,
                    TriggerBankingRequest.MaxFileBytes);
                return Task.FromResult(_caller.NotSent<PrismResponse<ReferenceData>>(Ops.TriggerBanking, "FILE_TOO_LARGE",
                    string.Create(CultureInfo.InvariantCulture, $"a file has {file.Length} bytes; the documented limit is 5 MB per file")));
            }
        }

        if (request.Files.Count == 0)
        {
            return Task.FromResult(_caller.NotSent<PrismResponse<ReferenceData>>(Ops.TriggerBanking, "NO_FILES", "at least one statement file is required"));
        }

        var files = request.Files.Select(f => FilePart(f, "files")).ToArray();
        var password = string.IsNullOrEmpty(request.PdfPassword) ? null : request.PdfPassword;
        return _caller.CallAsync<PrismResponse<ReferenceData>>(Ops.TriggerBanking,
            (op, ct) => api.TriggerBanking(request.CustomerID, files, request.BankName, request.UploadType, password, op, ct), cancellationToken);
    }

    /// <inheritdoc />
    public Task<LenderResult<PrismResponse<BankingData>>> GetBankingAsync(string referenceID, CancellationToken cancellationToken = default) =>
        _caller.CallAsync<PrismResponse<BankingData>>(Ops.GetBanking, (op, ct) => api.GetBanking(referenceID, op, ct), cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<PrismResponse<JsonElement>>> UploadDocumentAsync(DocumentUploadRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!PrismDocumentTypes.FileField.TryGetValue(request.DocumentType, out var fileField))
        {
            throw new ArgumentException($"Unknown documentType '{request.DocumentType}'.", nameof(request));
        }

        var file = FilePart(request.File, fileField);
        return _caller.CallAsync<PrismResponse<JsonElement>>(Ops.UploadDocument,
            (op, ct) => api.UploadDocument(request.Program, file, request.DocumentType, request.CustomerID, op, ct), cancellationToken);
    }

    /// <inheritdoc />
    public Task<LenderResult<PrismResponse<ReferenceData>>> TriggerKycAsync(TriggerKycRequest request, CancellationToken cancellationToken = default) =>
        _caller.CallAsync<PrismResponse<ReferenceData>>(Ops.TriggerKyc, (op, ct) => api.TriggerKyc(request, op, ct), cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<PrismResponse<KycData>>> GetKycAsync(string referenceID, CancellationToken cancellationToken = default) =>
        _caller.CallAsync<PrismResponse<KycData>>(Ops.GetKyc, (op, ct) => api.GetKyc(referenceID, op, ct), cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<PrismResponse<ReferenceData>>> TriggerAgreementSigningAsync(TriggerAgreementSigningRequest request, CancellationToken cancellationToken = default) =>
        _caller.CallAsync<PrismResponse<ReferenceData>>(Ops.TriggerAgreementSigning, (op, ct) => api.TriggerAgreementSigning(request, op, ct), cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<PrismResponse<AgreementSigningData>>> GetAgreementSigningAsync(string referenceID, CancellationToken cancellationToken = default) =>
        _caller.CallAsync<PrismResponse<AgreementSigningData>>(Ops.GetAgreementSigning, (op, ct) => api.GetAgreementSigning(referenceID, op, ct), cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<PrismResponse<ReferenceData>>> TriggerDisbursalAsync(TriggerDisbursalRequest request, CancellationToken cancellationToken = default) =>
        _caller.CallAsync<PrismResponse<ReferenceData>>(Ops.TriggerDisbursal, (op, ct) => api.TriggerDisbursal(request, op, ct), cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<PrismResponse<DisbursalData>>> GetDisbursalAsync(string referenceID, CancellationToken cancellationToken = default) =>
        _caller.CallAsync<PrismResponse<DisbursalData>>(Ops.GetDisbursal, (op, ct) => api.GetDisbursal(referenceID, op, ct), cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<SessionResponse>> CreateSessionAsync(SessionRequest request, CancellationToken cancellationToken = default) =>
        _caller.CallAsync<SessionResponse>(Ops.CreateSession, (op, ct) => api.CreateSession(request, op, ct), cancellationToken);

    private static ByteArrayPart FilePart(LenderFile file, string field) => new(file.Content.ToArray(), file.FileName, file.ContentType, field);
}
