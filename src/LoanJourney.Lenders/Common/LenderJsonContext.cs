using System.Text.Json;
using System.Text.Json.Serialization;
using CapitalFloatRequests = LoanJourney.Lenders.CapitalFloat;
using PartnerRequests = LoanJourney.Lenders.PartnerToken;
using PrismRequests = LoanJourney.Lenders.FinBoxPrism;
using SourcingRequests = LoanJourney.Lenders.FinBoxSourcing;

namespace LoanJourney.Lenders.Common;

/// <summary>
/// Build-time JSON metadata for every request body the Refit interfaces send, with the settings of <see cref="LenderJson.Options"/>
/// (nulls omitted, so optional fields are not sent). Refit's generated clients write bodies through it; answers are read by
/// <see cref="LenderCaller"/> with <see cref="LenderJson.Options"/>.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowTrailingCommas = true,
    ReadCommentHandling = JsonCommentHandling.Skip)]
[JsonSerializable(typeof(PrismRequests.CreateUserRequest), TypeInfoPropertyName = "PrismCreateUserRequest")]
[JsonSerializable(typeof(PrismRequests.UpdateUserDetailsRequest))]
[JsonSerializable(typeof(PrismRequests.TriggerBreRequest))]
[JsonSerializable(typeof(PrismRequests.AcceptOfferRequest))]
[JsonSerializable(typeof(PrismRequests.TriggerKycRequest))]
[JsonSerializable(typeof(PrismRequests.TriggerAgreementSigningRequest))]
[JsonSerializable(typeof(PrismRequests.TriggerDisbursalRequest))]
[JsonSerializable(typeof(PrismRequests.SessionRequest))]
[JsonSerializable(typeof(SourcingRequests.CreateUserRequest), TypeInfoPropertyName = "SourcingCreateUserRequest")]
[JsonSerializable(typeof(SourcingRequests.GenerateTokenRequest))]
[JsonSerializable(typeof(SourcingRequests.PartnerPushRequest))]
[JsonSerializable(typeof(SourcingRequests.RepayRequest))]
[JsonSerializable(typeof(SourcingRequests.ConfirmTransactionRequest))]
[JsonSerializable(typeof(SourcingRequests.CancelTransactionRequest))]
[JsonSerializable(typeof(SourcingRequests.SplitTransactionRequest))]
[JsonSerializable(typeof(SourcingRequests.MergeTransactionsRequest))]
[JsonSerializable(typeof(CapitalFloatRequests.BlockRequest))]
[JsonSerializable(typeof(CapitalFloatRequests.VerifyBlockOtpRequest))]
[JsonSerializable(typeof(CapitalFloatRequests.ResendBlockOtpRequest))]
[JsonSerializable(typeof(CapitalFloatRequests.CreateTrancheRequest))]
[JsonSerializable(typeof(CapitalFloatRequests.CancelBlockRequest))]
[JsonSerializable(typeof(CapitalFloatRequests.BlockBalanceRequest))]
[JsonSerializable(typeof(CapitalFloatRequests.BorrowerDetailsRequest))]
[JsonSerializable(typeof(CapitalFloatRequests.AvailableLimitRequest))]
[JsonSerializable(typeof(PartnerRequests.TokenShareRequest))]
[JsonSerializable(typeof(PartnerRequests.HandshakeRequest))]
internal sealed partial class LenderJsonContext : JsonSerializerContext;
