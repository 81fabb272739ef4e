using System.Text.Json;
using LoanJourney.Sandbox.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace LoanJourney.Sandbox.FinBoxV1;

/// <summary>
/// Loan Repayments, EDI repayments and Repay Loan. The document lists no error cases for Repay Loan; the sandbox answers
/// as the v1 API does elsewhere: 403 for a missing id (and, per scenario, "API disabled", the documented default), 404 for
/// an unknown loan, 403 before disbursal (as the repayment reads), 400 for a missing or bad field. A repay with a UTR
/// (<c>transactionID</c>) already recorded for the loan answers the first one's <c>referenceID</c> and records nothing.
/// </summary>
internal static partial class FinBoxV1Api
{
    /// <summary>Six monthly instalments of the v1 loan, as the offers route shows.</summary>
    private const int Instalments = 6;

    /// <summary>The EDI product's count of daily instalments.</summary>
    private const int Edis = 90;

    private static decimal EmiAmount(V1User u) => Math.Round(u.Scenario.V1EligibleAmount * 1.072m / Instalments);

    private static async Task<IResult> Repay(HttpRequest request, FinBoxV1Store store, RequestCounters counters, IOptions<SandboxOptions> options)
    {
        var body = await WireJson.TryReadAsync<V1RepayRequest>(request);
        if (body is null)
        {
            return V1Results.Fail(StatusCodes.Status400BadRequest, "request validation failed");
        }

        if (string.IsNullOrWhiteSpace(body.LoanApplicationId))
        {
            return V1Results.Fail(StatusCodes.Status403Forbidden, "Missing loanApplicationID");
        }

        lock (store.Gate)
        {
            if (store.ByLoan(body.LoanApplicationId) is not { } user)
            {
                return V1Results.Fail(StatusCodes.Status404NotFound, "loan application not found");
            }

            if (user.Scenario.V1RepayDisabled)
            {
                return V1Results.Fail(StatusCodes.Status403Forbidden, "API disabled: request FinBox team to enable it");
            }

            if (!user.Reached(V1EventTypes.LoanDisbursed))
            {
                return V1Results.Fail(StatusCodes.Status403Forbidden, "Repay Loan works only after loan disbursal");
            }

            if (body.InstallmentNum is not { ValueKind: JsonValueKind.Number } n || !n.TryGetInt32(out var installment) || installment is < 1 or > Instalments)
            {
                return V1Results.Fail(StatusCodes.Status400BadRequest, $"installmentNum must be 1 to {Instalments}");
            }

            if (!WireJson.TryReadAmount(body.AmountReceived, out var amount) || amount <= 0)
            {
                return V1Results.Fail(StatusCodes.Status400BadRequest, "amountReceived should be greater than 0");
            }

            if (string.IsNullOrWhiteSpace(body.PaymentDate) || string.IsNullOrWhiteSpace(body.PaymentMode) || string.IsNullOrWhiteSpace(body.TransactionId))
            {
                return V1Results.Fail(StatusCodes.Status400BadRequest, "paymentDate, paymentMode and transactionID are required");
            }

            if (user.Payments.Find(p => p.TransactionId == body.TransactionId) is { } seen)
            {
                counters.Increment(user.CustomerId, CallCounters.RepayDuplicate);
                return V1Results.Ok(new { referenceID = seen.ReferenceId });
            }

            var payment = new V1Payment("FBXREF-" + Guid.NewGuid().ToString("N")[..16].ToUpperInvariant(), installment, amount, body.PaymentDate,
                body.PaymentMode, body.TransactionId, options.Value.ProcessingPolls);
            user.Payments.Add(payment);
            counters.Increment(user.CustomerId, CallCounters.Repay);
            return V1Results.Ok(new { referenceID = payment.ReferenceId });
        }
    }

    /// <summary>One read of the repayments: every unsettled payment comes one read nearer to settling.</summary>
    private static void Settle(V1User user)
    {
        foreach (var payment in user.Payments.Where(p => !p.Settled))
        {
            payment.ReadsLeft--;
        }
    }

    private static IResult Repayments([FromQuery(Name = "loanApplicationID")] string? id, FinBoxV1Store store) =>
        WithLoan(store, id, V1EventTypes.LoanDisbursed, "Loan Repayments API works only after loan disbursal", u =>
        {
            var emi = EmiAmount(u);
            var list = Enumerable.Range(1, Instalments).Select(i =>
            {
                var payments = u.Payments.Where(p => p.InstallmentNum == i).ToList();
                var settled = payments.Where(p => p.Settled).ToList();
                var received = settled.Sum(p => p.Amount);
                var status = payments.Any(p => !p.Settled) ? "PENDING" : received >= emi ? "PAID" : "UNPAID";
                return new
                {
                    loanPaymentID = $"{u.LoanApplicationId[..8]}-emi-{i}",
                    amount = emi,
                    installmentNum = i,
                    lateCharge = 0,
                    status,
                    dueDate = $"2030-{i:00}-10",
                    paidDate = status == "PAID" ? settled[^1].PaymentDate[..Math.Min(10, settled[^1].PaymentDate.Length)] : "",
                    totalPayable = emi,
                    amountReceived = received,
                };
            }).ToList();
            Settle(u);
            return new { emiList = list };
        });

    private static IResult EdiRepayments([FromQuery(Name = "loanApplicationID")] string? id, FinBoxV1Store store) =>
        WithLoan(store, id, V1EventTypes.LoanDisbursed, "EDI repayments are available only after loan disbursal", u =>
        {
            var total = u.Scenario.V1EligibleAmount;
            var edi = total / Edis;
            var settled = u.Payments.Where(p => p.Settled).ToList();
            var paid = Math.Min(total, settled.Sum(p => p.Amount));
            var paidEdis = edi > 0 ? (int)Math.Floor(paid / edi) : 0;
            var data = new
            {
                loanApplicationID = u.LoanApplicationId,
                numTotalEDIs = Edis,
                numPaidEDIs = paidEdis,
                numUnpaidEDIs = Edis - paidEdis,
                numOverdueEDIs = 0,
                totalLoanAmount = total,
                amountPaid = paid,
                amountUnpaid = total - paid,
                amountOverdue = 0,
                lateCharges = 0,
                totalLateFees = 0,
                lastEDIPaidDate = settled.Count > 0 ? settled[^1].PaymentDate : null,
                lastEDIPaidAmount = settled.Count > 0 ? settled[^1].Amount : (decimal?)null,
                excessFunds = Math.Max(0, settled.Sum(p => p.Amount) - total),
            };
            Settle(u);
            return data;
        });
}
