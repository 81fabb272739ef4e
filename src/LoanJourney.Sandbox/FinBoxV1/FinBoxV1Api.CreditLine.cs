using System.Globalization;
using LoanJourney.Sandbox.Infrastructure;
using LoanJourney.Sandbox.Scenarios;
using Microsoft.AspNetCore.Mvc;

namespace LoanJourney.Sandbox.FinBoxV1;

/// <summary>
/// The credit line endpoints: a user has a credit line when its scenario row gives one (<c>0030</c>, <c>0031</c>); purchases are
/// created by the control route and the partner confirms, cancels, splits or merges them. Every error is the seed's table.
/// </summary>
internal static partial class FinBoxV1Api
{
    /// <summary>Extensions the seed allows for confirm's files, with the leading bytes such a file starts with.</summary>
    private static readonly Dictionary<string, byte[]> ConfirmFileSignatures = new(StringComparer.OrdinalIgnoreCase)
    {
        ["jpg"] = [0xFF, 0xD8, 0xFF],
        ["png"] = [0x89, 0x50, 0x4E, 0x47],
        ["pdf"] = "%PDF"u8.ToArray(),
    };

    public static V1CreditLine? OpenCreditLine(Scenario scenario, TimeProvider time) =>
        scenario.V1CreditLine is { } terms
            ? new V1CreditLine(terms, Today(time).AddDays(terms.ValidityDays).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
            : null;

    private static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    private static IResult CreditLineDetails([FromQuery(Name = "customerID")] string? customerId, FinBoxV1Store store) =>
        WithCreditLine(store, customerId, line => new
        {
            status = line.Status,
            maxLimit = line.Terms.MaxLimit,
            availableLimit = line.AvailableLimit,
            validity = line.Validity,
            inactiveReason = line.Terms.InactiveReason,
        });

    private static IResult CreditLineTransactions([FromQuery(Name = "customerID")] string? customerId, [FromQuery(Name = "partnerTxnID")] string? partnerTxnId, FinBoxV1Store store) =>
        WithCreditLine(store, customerId, line => new
        {
            transactions = line.Transactions
                .Where(t => string.IsNullOrEmpty(partnerTxnId) || t.PartnerTxnId == partnerTxnId)
                .Select(t => t.Render())
                .ToList(),
        });

    private static IResult WithCreditLine(FinBoxV1Store store, string? customerId, Func<V1CreditLine, object> render)
    {
        if (string.IsNullOrWhiteSpace(customerId))
        {
            return V1Results.MissingCustomerId();
        }

        lock (store.Gate)
        {
            return store.Users.GetValueOrDefault(customerId)?.CreditLine is { } line
                ? V1Results.Ok(render(line))
                : V1Results.Fail(StatusCodes.Status404NotFound, "user with credit line not found");
        }
    }

    private static async Task<IResult> ConfirmTransaction(HttpRequest request, FinBoxV1Store store, RequestCounters counters, TimeProvider time)
    {
        var body = await WireJson.TryReadAsync<V1ConfirmRequest>(request);
        if (string.IsNullOrWhiteSpace(body?.TxnId))
        {
            return V1Results.Fail(StatusCodes.Status403Forbidden, "Missing txnID");
        }

        if (InvalidConfirmation(body) is { } invalid)
        {
            return V1Results.Fail(StatusCodes.Status400BadRequest, invalid);
        }

        return WithProcessingTxn(store, body.TxnId, "updated", counters, CallCounters.CreditLineConfirm, txn =>
        {
            txn.Status = V1TxnStatuses.Confirmed;
            txn.InvoiceNo = body.InvoiceNo!;
            txn.AwbNo = body.AwbNo!;
            txn.DueDate = Today(time).AddDays(txn.Terms.EmiDueDays).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            return V1Results.Ok(new { });
        });
    }

    /// <summary>The seed's 400 cases, in its order: a missing field, an extension other than jpg/png/pdf, bad base64, a file that is not what its extension says.</summary>
    private static string? InvalidConfirmation(V1ConfirmRequest body)
    {
        (string Name, string? Value)[] required =
        [
            ("awbNo", body.AwbNo), ("invoiceNo", body.InvoiceNo), ("podExtension", body.PodExtension),
            ("podBase64", body.PodBase64), ("invoiceExtension", body.InvoiceExtension), ("invoiceBase64", body.InvoiceBase64),
        ];
        if (required.FirstOrDefault(f => string.IsNullOrWhiteSpace(f.Value)) is { Name: { } missing })
        {
            return $"Missing {missing}";
        }

        (string Name, string Extension, string Base64)[] files = [("pod", body.PodExtension!, body.PodBase64!), ("invoice", body.InvoiceExtension!, body.InvoiceBase64!)];
        foreach (var (name, extension, _) in files)
        {
            if (!ConfirmFileSignatures.ContainsKey(extension))
            {
                return $"Invalid {name}Extension, passed value: {extension}";
            }
        }

        foreach (var (name, extension, base64) in files)
        {
            var bytes = new byte[base64.Length];
            if (!Convert.TryFromBase64String(base64, bytes, out var length))
            {
                return $"Error decoding base 64 string: {name}Base64";
            }

            if (!bytes.AsSpan(0, length).StartsWith(ConfirmFileSignatures[extension]))
            {
                return $"Error processing file: {name}Base64 is not a {extension} file";
            }
        }

        return null;
    }

    private static async Task<IResult> CancelTransaction(HttpRequest request, FinBoxV1Store store)
    {
        var body = await WireJson.TryReadAsync<V1TxnRequest>(request);
        return string.IsNullOrWhiteSpace(body?.TxnId)
            ? V1Results.Fail(StatusCodes.Status403Forbidden, "Missing txnID")
            : WithProcessingTxn(store, body.TxnId, "updated", null, null, txn =>
            {
                txn.Status = V1TxnStatuses.Cancelled;
                return V1Results.Ok(new { });
            });
    }

    private static async Task<IResult> SplitTransaction(HttpRequest request, FinBoxV1Store store, RequestCounters counters, V1Journeys journeys)
    {
        var body = await WireJson.TryReadAsync<V1TxnRequest>(request);
        if (string.IsNullOrWhiteSpace(body?.TxnId))
        {
            return V1Results.Fail(StatusCodes.Status403Forbidden, "Missing txnID");
        }

        if (body.Invoices is not { Count: > 0 } invoices || invoices.Any(i => i is null))
        {
            return V1Results.Fail(StatusCodes.Status400BadRequest, "Missing invoices");
        }

        return WithProcessingTxn(store, body.TxnId, "splitted", counters, CallCounters.CreditLineSplit, txn =>
        {
            if (invoices.Any(i => i!.Amount is not > 0))
            {
                return V1Results.Fail(StatusCodes.Status400BadRequest, "amount should be greater than 0");
            }

            var total = invoices.Sum(i => i!.Amount!.Value);
            if (total > txn.Amount)
            {
                return V1Results.Fail(StatusCodes.Status400BadRequest, "sum of invoice amounts cannot exceed transaction amount");
            }

            // Documented: a shortfall becomes one more sub-transaction with no invoiceNo; all keep the partnerTxnID.
            var parts = invoices.Select(i => (InvoiceNo: i!.InvoiceNo ?? "", Amount: i.Amount!.Value)).ToList();
            if (total < txn.Amount)
            {
                parts.Add(("", txn.Amount - total));
            }

            var user = store.Users[txn.CustomerId];
            var position = store.RemoveTransaction(txn);
            foreach (var (invoiceNo, amount) in parts)
            {
                store.AddTransaction(user, txn.PartnerTxnId, invoiceNo, amount, journeys.Now(), position++);
            }

            return V1Results.Ok(new { });
        });
    }

    private static async Task<IResult> MergeTransactions(HttpRequest request, FinBoxV1Store store, RequestCounters counters, V1Journeys journeys)
    {
        var body = await WireJson.TryReadAsync<V1TxnRequest>(request);
        if (body?.TxnIds is not { } ids || ids.Any(string.IsNullOrWhiteSpace))
        {
            return V1Results.Fail(StatusCodes.Status400BadRequest, "Missing txnIDs");
        }

        if (ids.Distinct(StringComparer.Ordinal).Count() < 2)
        {
            return V1Results.Fail(StatusCodes.Status400BadRequest, "at least 2 txnIDs are required");
        }

        lock (store.Gate)
        {
            var txns = ids.Distinct(StringComparer.Ordinal).Select(id => store.Transactions.GetValueOrDefault(id!)).ToList();
            if (txns.Any(t => t is null))
            {
                return V1Results.Fail(StatusCodes.Status404NotFound, "txnID not found");
            }

            var first = txns[0]!;
            counters.Increment(first.CustomerId, CallCounters.CreditLineMerge);
            if (txns.Any(t => t!.CustomerId != first.CustomerId || t.Terms != first.Terms))
            {
                return V1Results.Fail(StatusCodes.Status409Conflict, "mismatch in txn loan details");
            }

            if (txns.Any(t => t!.Status != V1TxnStatuses.Processing))
            {
                return V1Results.Fail(StatusCodes.Status409Conflict, "transaction passed not in processing state");
            }

            var invoices = txns.Select(t => t!.InvoiceNo).Distinct(StringComparer.Ordinal).ToList();
            var positions = txns.Select(t => store.RemoveTransaction(t!)).ToList();
            var merged = store.AddTransaction(store.Users[first.CustomerId], first.PartnerTxnId, invoices.Count == 1 ? invoices[0] : "",
                txns.Sum(t => t!.Amount), journeys.Now(), positions.Min());
            return V1Results.Ok(new { mergedTxnID = merged.TxnId });
        }
    }

    /// <summary>
    /// The shared shape of confirm, cancel and split: find the transaction (404), count the call once it is found (a refusal after that
    /// still counts: it is a call the partner sent), require PROCESSING (403), then act under the gate.
    /// </summary>
    private static IResult WithProcessingTxn(FinBoxV1Store store, string txnId, string verb, RequestCounters? counters, string? counter, Func<V1CreditLineTxn, IResult> act)
    {
        lock (store.Gate)
        {
            if (store.Transactions.GetValueOrDefault(txnId) is not { } txn)
            {
                return V1Results.Fail(StatusCodes.Status404NotFound, "txnID not found");
            }

            if (counter is not null)
            {
                counters?.Increment(txn.CustomerId, counter);
            }

            return txn.Status == V1TxnStatuses.Processing
                ? act(txn)
                : V1Results.Fail(StatusCodes.Status403Forbidden, $"only transaction with status PROCESSING can be {verb}");
        }
    }

    /// <summary>Control route: the borrower buys on the credit line; the purchase waits, PROCESSING, for the partner's decision.</summary>
    public static async Task<IResult> CreatePurchase(string customerId, HttpRequest request, FinBoxV1Store store, V1Journeys journeys)
    {
        var body = await WireJson.TryReadAsync<V1PurchaseRequest>(request);
        if (body?.Amount is not > 0)
        {
            return Results.Problem(title: "amount must be a number greater than 0", statusCode: StatusCodes.Status400BadRequest);
        }

        lock (store.Gate)
        {
            if (store.Users.GetValueOrDefault(customerId) is not { CreditLine: { } line } user)
            {
                return Results.Problem(title: "user with credit line not found", statusCode: StatusCodes.Status404NotFound);
            }

            if (line.Status != "ACTIVE")
            {
                return Results.Problem(title: "credit line is INACTIVE: " + line.Terms.InactiveReason, statusCode: StatusCodes.Status409Conflict);
            }

            if (body.Amount > line.Unreserved)
            {
                return Results.Problem(title: $"amount exceeds the available limit less pending transactions ({line.Unreserved.ToString(CultureInfo.InvariantCulture)})", statusCode: StatusCodes.Status409Conflict);
            }

            var partnerTxnId = string.IsNullOrWhiteSpace(body.PartnerTxnId) ? "PTX" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant() : body.PartnerTxnId;
            var txn = store.AddTransaction(user, partnerTxnId, body.InvoiceNo ?? "", body.Amount.Value, journeys.Now());
            return WireJson.Json(txn.Render());
        }
    }
}
