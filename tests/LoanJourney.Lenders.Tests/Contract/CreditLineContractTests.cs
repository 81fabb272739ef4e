using System.Globalization;
using System.Text.Json;
using LoanJourney.Lenders.Common;
using LoanJourney.Lenders.FinBoxSourcing;
using LoanJourney.Lenders.Tests.TestSupport;
using static LoanJourney.Lenders.Common.LenderResultKind;
using static LoanJourney.Lenders.Tests.Contract.SourcingJourney;

namespace LoanJourney.Lenders.Tests.Contract;

/// <summary>
/// The Sourcing v1 credit line methods against the running sandbox: a scenario 0030 borrower (ACTIVE, limit 100000) buys through the
/// sandbox's control route, and the partner confirms, cancels, splits or merges. Success and each documented refusal, by kind and code.
/// </summary>
[Collection(SandboxContract.Name)]
public sealed class CreditLineContractTests(SandboxContractFixture sandbox)
{
    private IFinBoxSourcingClient Sourcing => sandbox.Sourcing;

    private async Task<string> CreditLineCustomerAsync(string scenario = "0030") =>
        (await new SourcingJourney(sandbox, scenario).CreatedAsync()).CustomerID;

    private async Task<CreditLineTransaction> SingleTransactionAsync(string customerID)
    {
        var result = await Sourcing.GetCreditLineTransactionsAsync(customerID);
        AssertOk(result);
        return Assert.Single(result.Body!.Data!.Transactions!);
    }

    /// <summary>The seed's confirm sample verbatim (a real JPEG proof of delivery and PDF invoice), for the given transaction.</summary>
    private static ConfirmTransactionRequest ConfirmSample(string txnID) =>
        JsonSerializer.Deserialize<ConfirmTransactionRequest>(Samples.Read("FinBoxSourcing/22-txn-confirm.request.json"), LenderJson.Options)! with { TxnID = txnID };

    private static SplitTransactionRequest Split(string txnID, params decimal[] amounts) =>
        new() { TxnID = txnID, Invoices = [.. amounts.Select((a, i) => new SplitInvoice { InvoiceNo = "INV-" + i.ToString(CultureInfo.InvariantCulture), Amount = a })] };

    [Fact]
    public async Task CreditLineDetailsAnswerTheScenarioLimitAsAvailable()
    {
        var customer = await CreditLineCustomerAsync();

        var result = await Sourcing.GetCreditLineDetailsAsync(customer);

        AssertOk(result);
        var details = result.Body!.Data!;
        Assert.Equal(("ACTIVE", 100_000m, 100_000m, ""), (details.Status, details.MaxLimit, details.AvailableLimit, details.InactiveReason));
        Assert.True(DateOnly.TryParseExact(details.Validity, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _));
    }

    [Fact]
    public async Task Scenario0031CreditLineDetailsAreInactiveWithTheReason()
    {
        var result = await Sourcing.GetCreditLineDetailsAsync(await CreditLineCustomerAsync("0031"));

        AssertOk(result);
        Assert.Equal(("INACTIVE", 50_000m), (result.Body!.Data!.Status, result.Body.Data.MaxLimit));
        Assert.False(string.IsNullOrEmpty(result.Body.Data.InactiveReason));
    }

    [Fact]
    public async Task CreditLineTransactionsListPurchasesWithTheDocumentedFieldsAndFilterByPartnerTxnId()
    {
        var customer = await CreditLineCustomerAsync();
        var txnID = await sandbox.PurchaseAsync(customer, 1200, "1234OD123312");
        await sandbox.PurchaseAsync(customer, 300, "OTHER-ORDER");

        var all = await Sourcing.GetCreditLineTransactionsAsync(customer);
        var filtered = await Sourcing.GetCreditLineTransactionsAsync(customer, "1234OD123312");

        AssertOk(all);
        Assert.Equal(2, all.Body!.Data!.Transactions!.Count);
        AssertOk(filtered);
        var txn = Assert.Single(filtered.Body!.Data!.Transactions!);
        Assert.Equal((txnID, "1234OD123312", "PROCESSING", 1200m), (txn.TxnID, txn.PartnerTxnID, txn.TxnStatus, txn.Amount));
        Assert.Equal((24m, 18m, 1171.68m, "reducing_balance", ""), (txn.SubventionAmount, txn.Gst, txn.DisbursalAmount, txn.EmiCalculationMethod, txn.DisbursalUTR));
        Assert.Empty(txn.Emis!);
    }

    [Fact]
    public async Task ConfirmWithTheSeedSampleConfirmsAndDrawsTheLimitThenARepeatIs403()
    {
        var customer = await CreditLineCustomerAsync();
        var txnID = await sandbox.PurchaseAsync(customer, 1200, "1234OD123312");

        var confirmed = await Sourcing.ConfirmTransactionAsync(ConfirmSample(txnID));
        var repeat = await Sourcing.ConfirmTransactionAsync(ConfirmSample(txnID));

        AssertOk(confirmed);
        AssertRefused(repeat, TerminalFailure, 403);
        Assert.Equal("only transaction with status PROCESSING can be updated", repeat.Message);
        var txn = await SingleTransactionAsync(customer);
        Assert.Equal(("CONFIRMED", "INVOICE_NO_HERE"), (txn.TxnStatus, txn.InvoiceNo));
        var emi = Assert.Single(txn.Emis!);
        Assert.Equal((1, "UNPAID", "", 1200m), (emi.InstallmentNum, emi.Status, emi.PaidDate, emi.TotalPayable));
        Assert.Equal(["LATE_CHARGE", "NACH_BOUNCE_CHARGE", "LATE_INTEREST_CHARGE"], emi.Charges!.Select(c => c.ChargeType));
        Assert.Equal(98_800m, (await Sourcing.GetCreditLineDetailsAsync(customer)).Body!.Data!.AvailableLimit);
        Assert.Equal(2, await sandbox.CountAsync(customer, "creditLineConfirm"));
    }

    [Fact]
    public async Task ConfirmRefusesEachDocumentedError()
    {
        var customer = await CreditLineCustomerAsync();
        var txnID = await sandbox.PurchaseAsync(customer, 500, "ORDER-C");
        var sample = ConfirmSample(txnID);

        AssertRefused(await Sourcing.ConfirmTransactionAsync(sample with { TxnID = null }), TerminalFailure, 403);
        AssertRefused(await Sourcing.ConfirmTransactionAsync(sample with { AwbNo = null }), TerminalFailure, 400);
        AssertRefused(await Sourcing.ConfirmTransactionAsync(sample with { PodExtension = "gif" }), TerminalFailure, 400);
        AssertRefused(await Sourcing.ConfirmTransactionAsync(sample with { PodBase64 = "not base64!" }), TerminalFailure, 400);
        var notAPdf = await Sourcing.ConfirmTransactionAsync(sample with { InvoiceBase64 = sample.PodBase64 });
        AssertRefused(notAPdf, TerminalFailure, 400);
        Assert.StartsWith("Error processing file", notAPdf.Message, StringComparison.Ordinal);
        AssertRefused(await Sourcing.ConfirmTransactionAsync(sample with { TxnID = Guid.NewGuid().ToString() }), TerminalFailure, 404);
        Assert.Equal("PROCESSING", (await SingleTransactionAsync(customer)).TxnStatus);
    }

    [Fact]
    public async Task CancelCancelsOnceThenIs403AndLeavesTheLimit()
    {
        var customer = await CreditLineCustomerAsync();
        var txnID = await sandbox.PurchaseAsync(customer, 700, "ORDER-X");

        var cancelled = await Sourcing.CancelTransactionAsync(new CancelTransactionRequest { TxnID = txnID });
        var repeat = await Sourcing.CancelTransactionAsync(new CancelTransactionRequest { TxnID = txnID });

        AssertOk(cancelled);
        AssertRefused(repeat, TerminalFailure, 403);
        var txn = await SingleTransactionAsync(customer);
        Assert.Equal("CANCELLED", txn.TxnStatus);
        Assert.Empty(txn.Emis!);
        Assert.Equal(100_000m, (await Sourcing.GetCreditLineDetailsAsync(customer)).Body!.Data!.AvailableLimit);
    }

    [Fact]
    public async Task SplitWithTheSeedSampleCreatesTheSubTransactionsUnderTheSamePartnerTxnId()
    {
        var customer = await CreditLineCustomerAsync();
        var txnID = await sandbox.PurchaseAsync(customer, 3500, "ORDER-S");
        var sample = JsonSerializer.Deserialize<SplitTransactionRequest>(Samples.Read("FinBoxSourcing/24-txn-split.request.json"), LenderJson.Options)! with { TxnID = txnID };

        var result = await Sourcing.SplitTransactionAsync(sample);

        AssertOk(result);
        var parts = (await Sourcing.GetCreditLineTransactionsAsync(customer, "ORDER-S")).Body!.Data!.Transactions!;
        Assert.Equal([("DEFS123", 1000m), ("ABNC456", 500m), ("", 1500m), ("", 500m)], parts.Select(p => (p.InvoiceNo, p.Amount!.Value)));
        Assert.All(parts, p => Assert.Equal("PROCESSING", p.TxnStatus));
        Assert.DoesNotContain(txnID, parts.Select(p => p.TxnID));
        Assert.Equal(1, await sandbox.CountAsync(customer, "creditLineSplit"));
    }

    [Fact]
    public async Task SplitRefusesEachDocumentedError()
    {
        var customer = await CreditLineCustomerAsync();
        var txnID = await sandbox.PurchaseAsync(customer, 1000, "ORDER-E");
        var cancelled = await sandbox.PurchaseAsync(customer, 100, "ORDER-F");
        AssertOk(await Sourcing.CancelTransactionAsync(new CancelTransactionRequest { TxnID = cancelled }));

        AssertRefused(await Sourcing.SplitTransactionAsync(Split(null!, 10)), TerminalFailure, 403);
        AssertRefused(await Sourcing.SplitTransactionAsync(Split(Guid.NewGuid().ToString(), 10)), TerminalFailure, 404);
        AssertRefused(await Sourcing.SplitTransactionAsync(Split(cancelled, 10)), TerminalFailure, 403);
        var zero = await Sourcing.SplitTransactionAsync(Split(txnID, 500, 0));
        AssertRefused(zero, TerminalFailure, 400);
        Assert.Equal("amount should be greater than 0", zero.Message);
        var over = await Sourcing.SplitTransactionAsync(Split(txnID, 600, 401));
        AssertRefused(over, TerminalFailure, 400);
        Assert.Equal("sum of invoice amounts cannot exceed transaction amount", over.Message);
        Assert.Equal(txnID, (await Sourcing.GetCreditLineTransactionsAsync(customer, "ORDER-E")).Body!.Data!.Transactions!.Single().TxnID);
    }

    [Fact]
    public async Task MergeAnswersTheMergedTxnIdOfOneTransactionForTheSum()
    {
        var customer = await CreditLineCustomerAsync();
        var first = await sandbox.PurchaseAsync(customer, 400, "ORDER-M");
        var second = await sandbox.PurchaseAsync(customer, 600, "ORDER-N");

        var result = await Sourcing.MergeTransactionsAsync(new MergeTransactionsRequest { TxnIDs = [first, second] });

        AssertOk(result);
        var merged = await SingleTransactionAsync(customer);
        Assert.Equal((result.Body!.Data!.MergedTxnID, 1000m, "PROCESSING"), (merged.TxnID, merged.Amount, merged.TxnStatus));
        Assert.Equal(1, await sandbox.CountAsync(customer, "creditLineMerge"));
    }

    [Fact]
    public async Task MergeRefusesEachDocumentedErrorWith409ForMismatchAndState()
    {
        var customer = await CreditLineCustomerAsync();
        var first = await sandbox.PurchaseAsync(customer, 100, "ORDER-P");
        var cancelled = await sandbox.PurchaseAsync(customer, 200, "ORDER-Q");
        var elsewhere = await sandbox.PurchaseAsync(await CreditLineCustomerAsync(), 300, "ORDER-R");
        AssertOk(await Sourcing.CancelTransactionAsync(new CancelTransactionRequest { TxnID = cancelled }));

        AssertRefused(await Sourcing.MergeTransactionsAsync(new MergeTransactionsRequest()), TerminalFailure, 400);
        AssertRefused(await Sourcing.MergeTransactionsAsync(new MergeTransactionsRequest { TxnIDs = [first] }), TerminalFailure, 400);
        AssertRefused(await Sourcing.MergeTransactionsAsync(new MergeTransactionsRequest { TxnIDs = [first, Guid.NewGuid().ToString()] }), TerminalFailure, 404);
        var mismatch = await Sourcing.MergeTransactionsAsync(new MergeTransactionsRequest { TxnIDs = [first, elsewhere] });
        AssertRefused(mismatch, TerminalFailure, 409);
        Assert.Equal("mismatch in txn loan details", mismatch.Message);
        var notProcessing = await Sourcing.MergeTransactionsAsync(new MergeTransactionsRequest { TxnIDs = [first, cancelled] });
        AssertRefused(notProcessing, TerminalFailure, 409);
        Assert.Equal("transaction passed not in processing state", notProcessing.Message);
        Assert.Equal(2, (await Sourcing.GetCreditLineTransactionsAsync(customer)).Body!.Data!.Transactions!.Count);
    }
}
