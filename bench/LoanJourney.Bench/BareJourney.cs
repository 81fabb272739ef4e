using System.Text.Json;
using System.Text.Json.Nodes;
using LoanJourney.Lenders.Common;
using LoanJourney.Lenders.FinBoxPrism;
using LoanJourney.Lenders.PartnerToken;

namespace LoanJourney.Bench;

/// <summary>
/// The personal-loan journey's happy path as plain code: the same typed clients (AddLenders), the same calls in the same
/// order as the activities make them (polls included, one poll interval before each poll as the engine's poll timer),
/// no engine, no persistence.
/// </summary>
internal sealed class BareJourney(IFinBoxPrismClient prism, IPartnerTokenClient partner, TimeSpan pollInterval)
{
    private const string Program = "PERSONAL_LOAN";

    // Mandatory in the document (the sandbox answers FBX-E-009 without it); RunBreActivity sends {} when the journey has none.
    private static readonly JsonElement NoRiskVariables = JsonDocument.Parse("{}").RootElement.Clone();

    /// <summary>Runs one journey; returns the number of lender calls made.</summary>
    public async Task<int> RunAsync(JsonObject input, CancellationToken cancellationToken)
    {
        var calls = 0;
        var customerId = input["customerId"]!.GetValue<string>();
        Check(await prism.CreateUserAsync(new CreateUserRequest { CustomerID = customerId, Mobile = input["mobile"]!.GetValue<string>() }, cancellationToken), ref calls);
        Check(await prism.UpdateUserDetailsAsync(new UpdateUserDetailsRequest
        {
            CustomerID = customerId,
            Program = Program,
            BasicDetails = input["basicDetails"].Deserialize<BasicDetails>(JsonSerializerOptions.Web),
            Consents = input["consents"].Deserialize<List<Consent>>(JsonSerializerOptions.Web),
        }, cancellationToken), ref calls);

        var bre = await TriggerAndPollAsync(() => prism.TriggerBreAsync(new TriggerBreRequest { CustomerID = customerId, RiskVariables = NoRiskVariables }, cancellationToken),
            id => prism.GetBreAsync(id, cancellationToken), _ => true, cancellationToken);
        calls += bre.Calls;
        var offer = bre.Data!.Offers!.First(o => o.Slabs is { Count: > 0 });
        var slab = offer.Slabs!.OrderByDescending(s => s.MaxAmount).First();
        Check(await prism.AcceptOfferAsync(new AcceptOfferRequest
        {
            CustomerID = customerId,
            OfferDetails = new OfferDetails { OfferID = offer.OfferID, Amount = slab.MaxAmount, Tenure = slab.Tenure, Interest = slab.Interest },
        }, cancellationToken), ref calls);

        Check(await prism.GetBankListAsync(customerId, cancellationToken), ref calls);
        var file = input["banking"]!["files"]![0]!;
        var files = new[] { new LenderFile(file["fileName"]!.GetValue<string>(), Convert.FromBase64String(file["contentBase64"]!.GetValue<string>()), "application/pdf") };
        calls += (await TriggerAndPollAsync(
            () => prism.TriggerBankingAsync(new TriggerBankingRequest { CustomerID = customerId, BankName = input["banking"]!["bankName"]!.GetValue<string>(), Files = files }, cancellationToken),
            id => prism.GetBankingAsync(id, cancellationToken), _ => true, cancellationToken)).Calls;
        calls += (await TriggerAndPollAsync(() => prism.TriggerKycAsync(new TriggerKycRequest { CustomerID = customerId, Program = Program }, cancellationToken),
            id => prism.GetKycAsync(id, cancellationToken), _ => true, cancellationToken)).Calls;
        calls += (await TriggerAndPollAsync(() => prism.TriggerAgreementSigningAsync(new TriggerAgreementSigningRequest { CustomerID = customerId, Program = Program }, cancellationToken),
            id => prism.GetAgreementSigningAsync(id, cancellationToken), _ => true, cancellationToken)).Calls;
        var disbursal = await TriggerAndPollAsync(() => prism.TriggerDisbursalAsync(new TriggerDisbursalRequest { CustomerID = customerId, Program = Program }, cancellationToken),
            id => prism.GetDisbursalAsync(id, cancellationToken), d => d?.Status == PrismStatuses.Success && !string.IsNullOrEmpty(d.UtrNumber), cancellationToken);
        calls += disbursal.Calls;

        Check(await partner.ShareTokenAsync(new TokenShareRequest
        {
            VerifiedCustomerRefId = input["partner"]!["verifiedCustomerRefId"]!.GetValue<string>(),
            FinalApproval = true,
            XPartnerToken = disbursal.Data!.LoanAccountNumber,
            AmountSanctioned = slab.MaxAmount?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Interest = slab.Interest?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Duration = slab.Tenure?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            LoanDurationType = "months",
            InterestFrequency = "yearly",
            InterestType = "reducing",
        }, cancellationToken), ref calls);
        return calls;
    }

    private async Task<(TData? Data, int Calls)> TriggerAndPollAsync<TData>(
        Func<Task<LenderResult<PrismResponse<ReferenceData>>>> trigger, Func<string, Task<LenderResult<PrismResponse<TData>>>> get,
        Func<TData?, bool> done, CancellationToken cancellationToken)
        where TData : class
    {
        var calls = 0;
        var triggered = await trigger();
        Check(triggered, ref calls);
        var referenceId = triggered.Body!.Data!.ReferenceID!;
        while (true)
        {
            await Task.Delay(pollInterval, cancellationToken);
            var polled = await get(referenceId);
            calls++;
            if (polled.Kind == LenderResultKind.Success && done(polled.Body?.Data))
            {
                return (polled.Body?.Data, calls);
            }

            if (polled.Kind is not (LenderResultKind.Processing or LenderResultKind.Success))
            {
                throw new InvalidOperationException($"bare journey: poll answered {polled.Kind} {polled.LenderCode}");
            }
        }
    }

    private static void Check<T>(LenderResult<T> result, ref int calls)
    {
        calls++;
        if (!result.IsSuccess)
        {
            throw new InvalidOperationException($"bare journey: {result.Kind} {result.LenderCode} {result.Message}");
        }
    }
}
