using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using LoanJourney.Lenders.Common;
using Microsoft.Extensions.Logging;
using Ops = LoanJourney.Lenders.FinBoxPrism.FinBoxPrismOperations;

namespace LoanJourney.Lenders.FinBoxPrism;

/// <summary>The typed Lender Prism v2 client. Thin: resilience, auth headers and recording are added at registration.</summary>
public sealed class FinBoxPrismClient(HttpClient httpClient, ILogger<FinBoxPrismClient> logger) : IFinBoxPrismClient
{
    private readonly LenderCaller _caller = new(httpClient, logger, LenderNames.FinBoxPrism, FinBoxPrismClassifier.Instance);

    /// <inheritdoc />
    public Task<LenderResult<PrismResponse<MessageData>>> CreateUserAsync(CreateUserRequest request, CancellationToken cancellationToken = default) =>
        _caller.PostJsonAsync<CreateUserRequest, PrismResponse<MessageData>>(Ops.CreateUser, request, cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<PrismResponse<MessageData>>> UpdateUserDetailsAsync(UpdateUserDetailsRequest request, CancellationToken cancellationToken = default) =>
        _caller.PostJsonAsync<UpdateUserDetailsRequest, PrismResponse<MessageData>>(Ops.UpdateUserDetails, request, cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<PrismResponse<ReferenceData>>> TriggerBreAsync(TriggerBreRequest request, CancellationToken cancellationToken = default) =>
        _caller.PostJsonAsync<TriggerBreRequest, PrismResponse<ReferenceData>>(Ops.TriggerBre, request, cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<PrismResponse<BreData>>> GetBreAsync(string referenceID, CancellationToken cancellationToken = default) =>
        _caller.GetAsync<PrismResponse<BreData>>(Ops.GetBre, cancellationToken, ("referenceID", referenceID));

    /// <inheritdoc />
    public Task<LenderResult<PrismResponse<MessageData>>> AcceptOfferAsync(AcceptOfferRequest request, CancellationToken cancellationToken = default) =>
        _caller.PostJsonAsync<AcceptOfferRequest, PrismResponse<MessageData>>(Ops.AcceptOffer, request, cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<BankListResponse>> GetBankListAsync(string customerID, CancellationToken cancellationToken = default) =>
        _caller.GetAsync<BankListResponse>(Ops.GetBankList, cancellationToken, ("customerID", customerID));

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

        var content = new MultipartFormDataContent
        {
            { new StringContent(request.CustomerID), "customerID" },
        };
        foreach (var file in request.Files)
        {
            content.Add(FilePart(file), "files", file.FileName);
        }

        content.Add(new StringContent(request.BankName), "bankName");
        content.Add(new StringContent(request.UploadType), "uploadType");
        if (!string.IsNullOrEmpty(request.PdfPassword))
        {
            content.Add(new StringContent(request.PdfPassword), "pdfPassword");
        }

        return _caller.PostMultipartAsync<PrismResponse<ReferenceData>>(Ops.TriggerBanking, content, cancellationToken);
    }

    /// <inheritdoc />
    public Task<LenderResult<PrismResponse<BankingData>>> GetBankingAsync(string referenceID, CancellationToken cancellationToken = default) =>
        _caller.GetAsync<PrismResponse<BankingData>>(Ops.GetBanking, cancellationToken, ("referenceID", referenceID));

    /// <inheritdoc />
    public Task<LenderResult<PrismResponse<JsonElement>>> UploadDocumentAsync(DocumentUploadRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!PrismDocumentTypes.FileField.TryGetValue(request.DocumentType, out var fileField))
        {
            throw new ArgumentException($"Unknown documentType '{request.DocumentType}'.", nameof(request));
        }

        var content = new MultipartFormDataContent
        {
            { new StringContent(request.Program), "program" },
            { FilePart(request.File), fileField, request.File.FileName },
            { new StringContent(request.DocumentType), "documentType" },
            { new StringContent(request.CustomerID), "customerID" },
        };
        return _caller.PostMultipartAsync<PrismResponse<JsonElement>>(Ops.UploadDocument, content, cancellationToken);
    }

    /// <inheritdoc />
    public Task<LenderResult<PrismResponse<ReferenceData>>> TriggerKycAsync(TriggerKycRequest request, CancellationToken cancellationToken = default) =>
        _caller.PostJsonAsync<TriggerKycRequest, PrismResponse<ReferenceData>>(Ops.TriggerKyc, request, cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<PrismResponse<KycData>>> GetKycAsync(string referenceID, CancellationToken cancellationToken = default) =>
        _caller.GetAsync<PrismResponse<KycData>>(Ops.GetKyc, cancellationToken, ("referenceID", referenceID));

    /// <inheritdoc />
    public Task<LenderResult<PrismResponse<ReferenceData>>> TriggerAgreementSigningAsync(TriggerAgreementSigningRequest request, CancellationToken cancellationToken = default) =>
        _caller.PostJsonAsync<TriggerAgreementSigningRequest, PrismResponse<ReferenceData>>(Ops.TriggerAgreementSigning, request, cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<PrismResponse<AgreementSigningData>>> GetAgreementSigningAsync(string referenceID, CancellationToken cancellationToken = default) =>
        _caller.GetAsync<PrismResponse<AgreementSigningData>>(Ops.GetAgreementSigning, cancellationToken, ("referenceID", referenceID));

    /// <inheritdoc />
    public Task<LenderResult<PrismResponse<ReferenceData>>> TriggerDisbursalAsync(TriggerDisbursalRequest request, CancellationToken cancellationToken = default) =>
        _caller.PostJsonAsync<TriggerDisbursalRequest, PrismResponse<ReferenceData>>(Ops.TriggerDisbursal, request, cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<PrismResponse<DisbursalData>>> GetDisbursalAsync(string referenceID, CancellationToken cancellationToken = default) =>
        _caller.GetAsync<PrismResponse<DisbursalData>>(Ops.GetDisbursal, cancellationToken, ("referenceID", referenceID));

    /// <inheritdoc />
    public Task<LenderResult<SessionResponse>> CreateSessionAsync(SessionRequest request, CancellationToken cancellationToken = default) =>
        _caller.PostJsonAsync<SessionRequest, SessionResponse>(Ops.CreateSession, request, cancellationToken);

    private static ByteArrayContent FilePart(LenderFile file)
    {
        var part = new ByteArrayContent(file.Content.ToArray());
        part.Headers.ContentType = MediaTypeHeaderValue.Parse(file.ContentType);
        return part;
    }
}
