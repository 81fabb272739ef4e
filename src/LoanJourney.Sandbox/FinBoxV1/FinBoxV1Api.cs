using System.Globalization;
using LoanJourney.Sandbox.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace LoanJourney.Sandbox.FinBoxV1;

/// <summary>FinBox Sourcing v1 at <c>/v1/...</c>: validation errors use the documented HTTP codes (403, 409 …).</summary>
internal static partial class FinBoxV1Api
{
    public static void MapFinBoxV1(this IEndpointRouteBuilder lenderRoot)
    {
        var v1 = lenderRoot.MapLenderGroup(LenderFamily.FinBoxV1);
        v1.MapPost("/v1/user/create", CreateUser);
        v1.MapGet("/v1/user/eligibility", Eligibility);
        v1.MapPost("/v1/user/token", Token);
        v1.MapPost("/v1/user/push", Push);
        v1.MapGet("/v1/users", ListUsers);
        v1.MapGet("/v1/user/profile", Profile);
        v1.MapGet("/v1/loans", ListLoans);
        v1.MapGet("/v1/loan/details", LoanDetails);
        v1.MapGet("/v1/loan/offers", LoanOffers);
        v1.MapGet("/v1/loan/agreement", SignedAgreement);
        v1.MapGet("/v1/loan/repayments", Repayments);
        v1.MapGet("/v1/edi/repayments", EdiRepayments);
        v1.MapPost("/v1/loan/repay", Repay);
        v1.MapGet("/v1/user/activity", Activity);
        v1.MapGet("/v1/creditline/details", CreditLineDetails);
        v1.MapGet("/v1/creditline/transactions", CreditLineTransactions);
        v1.MapPost("/v1/creditline/txn/confirm", ConfirmTransaction);
        v1.MapPost("/v1/creditline/txn/cancel", CancelTransaction);
        v1.MapPost("/v1/creditline/txn/split", SplitTransaction);
        v1.MapPost("/v1/creditline/txn/merge", MergeTransactions);
    }

    private static async Task<IResult> CreateUser(HttpRequest request, FinBoxV1Store store, V1Journeys journeys, TimeProvider time, ILogger<FinBoxV1Store> logger)
    {
        var body = await WireJson.TryReadAsync<V1Request>(request);
        if (body is null)
        {
            return V1Results.Fail(StatusCodes.Status400BadRequest, "request validation failed");
        }

        if (string.IsNullOrWhiteSpace(body.CustomerId))
        {
            return V1Results.MissingCustomerId();
        }

        if (string.IsNullOrWhiteSpace(body.Mobile))
        {
            return V1Results.Fail(StatusCodes.Status403Forbidden, "Missing mobile number");
        }

        if (!MobileNumber.IsValid(body.Mobile))
        {
            return V1Results.Fail(StatusCodes.Status403Forbidden, "Invalid mobile number");
        }

        lock (store.Gate)
        {
            if (store.Users.ContainsKey(body.CustomerId))
            {
                return V1Results.Fail(StatusCodes.Status409Conflict, "User already exists");
            }

            var user = new V1User(body.CustomerId, body.Mobile, journeys.Now());
            store.Users[user.CustomerId] = user;
            user.CreditLine = OpenCreditLine(user.Scenario, time);
            journeys.Record(user, new WebhookPayload(user.CustomerId, "sourcing_entity", "", V1EventTypes.UserCreated, "", user.CreatedAt, user.JourneyType, ""));
            SandboxLog.UserCreated(logger, user.CustomerId, user.Mobile, user.Scenario.Key);
        }

        return V1Results.Ok(new { message = "user created!" });
    }

    private static IResult Eligibility([FromQuery(Name = "customerID")] string? customerId, FinBoxV1Store store, V1Journeys journeys)
    {
        if (string.IsNullOrWhiteSpace(customerId))
        {
            return V1Results.MissingCustomerId();
        }

        lock (store.Gate)
        {
            if (!store.Users.TryGetValue(customerId, out var user))
            {
                return V1Results.Fail(StatusCodes.Status400BadRequest, "User not found");
            }

            if (!user.Scenario.V1HasEligibilityData)
            {
                return V1Results.Fail(StatusCodes.Status409Conflict, "User does not have eligibility data");
            }

            if (!user.EligibilityCalculated)
            {
                user.EligibilityCalculated = true;
                // The seed's webhook sample: eligibility_calculated, entityType sourcing_entity (the partner asked for it).
                journeys.Record(user, new WebhookPayload(user.CustomerId, "sourcing_entity", "", V1EventTypes.EligibilityCalculated, "", journeys.Now(), user.JourneyType, user.Source));
            }

            var amount = user.Scenario.V1EligibleAmount;
            return V1Results.Ok(new { eligible_amount = amount, is_eligible = amount > 0 });
        }
    }

    private static async Task<IResult> Token(HttpRequest request, FinBoxV1Store store, V1Journeys journeys)
    {
        var body = await WireJson.TryReadAsync<V1Request>(request);
        if (body is null)
        {
            return V1Results.Fail(StatusCodes.Status400BadRequest, "request validation failed");
        }

        if (string.IsNullOrWhiteSpace(body.CustomerId))
        {
            return V1Results.MissingCustomerId();
        }

        lock (store.Gate)
        {
            if (!store.Users.TryGetValue(body.CustomerId, out var user))
            {
                return V1Results.Fail(StatusCodes.Status404NotFound, "User does not exist");
            }

            if (!user.EligibilityCalculated)
            {
                return V1Results.Fail(StatusCodes.Status400BadRequest, "User eligibility not available");
            }

            if (user.Scenario.V1EligibleAmount <= 0)
            {
                return V1Results.Fail(StatusCodes.Status403Forbidden, "User not eligible for loan");
            }

            user.Source = body.Source ?? user.Source;
            if (!user.TokenIssued)
            {
                user.TokenIssued = true;
                journeys.Start(user);
            }
        }

        // A fresh token per call, as the doc recommends issuing one per session.
        return V1Results.Ok(new { token = Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N") });
    }

    private static async Task<IResult> Push(HttpRequest request, FinBoxV1Store store)
    {
        var body = await WireJson.TryReadAsync<V1Request>(request);
        if (body is null)
        {
            return V1Results.Fail(StatusCodes.Status400BadRequest, "request validation failed");
        }

        if (string.IsNullOrWhiteSpace(body.CustomerId))
        {
            return V1Results.MissingCustomerId();
        }

        if (InvalidField(body) is { } invalid)
        {
            return V1Results.Fail(StatusCodes.Status400BadRequest, invalid);
        }

        if (body.Pan is { Length: > 0 } && body.Gstin is { Length: 15 } && !string.Equals(body.Gstin[2..12], body.Pan, StringComparison.Ordinal))
        {
            return V1Results.Fail(StatusCodes.Status400BadRequest, $"PAN is not matching with GSTIN, passed value: PAN = {body.Pan}, GSTIN = {body.Gstin}");
        }

        lock (store.Gate)
        {
            if (!store.Users.TryGetValue(body.CustomerId, out var user))
            {
                return V1Results.Fail(StatusCodes.Status404NotFound, "User not found");
            }

            if (user.TokenIssued)
            {
                return V1Results.Fail(StatusCodes.Status400BadRequest, "User journey already started. Partner data should be pushed before starting journey");
            }

            user.Profile = body;
            user.Status = "USER_PROFILE_UPDATED";
        }

        return V1Results.Ok(new { message = "added" });
    }

    private static string? InvalidField(V1Request body)
    {
        static bool IsDate(string? s) => s is null || DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
        return body switch
        {
            { Pan: { Length: > 0 } pan } when !Pan.IsValid(pan) => $"Invalid pan, passed value: {pan}",
            { Dob: var dob } when !IsDate(dob) => $"Invalid dob, passed value: {dob}",
            { VintageDate: var vintage } when !IsDate(vintage) => $"Invalid vintageDate, passed value: {vintage}",
            { Gender: { Length: > 0 } gender } when gender is not ("Male" or "Female" or "Other") => $"Invalid gender, passed value: {gender}",
            { Gstin: { Length: > 0 } gstin } when gstin.Length != 15 => $"Invalid gstin, passed value: {gstin}",
            _ => null,
        };
    }

    private static IResult ListUsers(FinBoxV1Store store, int? limit, int? page, string? customerID, string? mobile, string? statusText)
    {
        lock (store.Gate)
        {
            var matches = store.Users.Values
                .Where(u => customerID is null || u.CustomerId.Contains(customerID, StringComparison.Ordinal))
                .Where(u => mobile is null || u.Mobile.Contains(mobile, StringComparison.Ordinal))
                .Where(u => statusText is null || u.Status == statusText)
                .OrderByDescending(u => u.CreatedAt, StringComparer.Ordinal)
                .ToList();
            var userList = Page(matches, limit, page)
                .Select(u => new { name = u.Profile?.Name ?? "", mobile = u.Mobile, createdAt = u.CreatedAt, status = u.Status, customerID = u.CustomerId })
                .ToList();

            // Documented oddity: the list answers carry only "data".
            return WireJson.Json(new { data = new { total = matches.Count, userList } });
        }
    }

    private static IEnumerable<T> Page<T>(List<T> items, int? limit, int? page)
    {
        var size = Math.Max(1, limit ?? 10);
        return items.Skip((Math.Max(1, page ?? 1) - 1) * size).Take(size);
    }

    private static IResult Profile([FromQuery(Name = "customerID")] string? customerId, FinBoxV1Store store)
    {
        if (string.IsNullOrWhiteSpace(customerId))
        {
            return V1Results.MissingCustomerId();
        }

        lock (store.Gate)
        {
            if (!store.Users.TryGetValue(customerId, out var u))
            {
                return V1Results.Fail(StatusCodes.Status404NotFound, "User not found");
            }

            return V1Results.Ok(new
            {
                userProfile = new
                {
                    customerID = u.CustomerId,
                    mobile = u.Mobile,
                    createdAt = u.CreatedAt,
                    status = u.Status,
                    name = u.Profile?.Name ?? "",
                    email = u.Profile?.Email ?? "",
                    dob = u.Profile?.Dob ?? "",
                    gender = u.Profile?.Gender ?? "",
                    pan = u.Profile?.Pan ?? "",
                    loanApplicationIDs = u.LoanApplicationId.Length > 0 ? new[] { u.LoanApplicationId } : [],
                },
            });
        }
    }

    private static IResult ListLoans(FinBoxV1Store store, int? limit, int? page, string? customerID, string? mobile, string? statusText)
    {
        lock (store.Gate)
        {
            var loans = store.Users.Values
                .Where(u => u.LoanApplicationId.Length > 0)
                .Where(u => customerID is null || u.CustomerId.Contains(customerID, StringComparison.Ordinal))
                .Where(u => mobile is null || u.Mobile.Contains(mobile, StringComparison.Ordinal))
                .Where(u => statusText is null || u.LoanStatus == statusText)
                .OrderByDescending(u => u.LoanCreatedAt, StringComparer.Ordinal)
                .ToList();
            return WireJson.Json(new
            {
                data = new
                {
                    loans = Page(loans, limit, page).Select(u => new { loanApplicationID = u.LoanApplicationId, loanApplicationNum = u.LoanApplicationNum, createdAt = u.LoanCreatedAt, status = u.LoanStatus, customerID = u.CustomerId }).ToList(),
                },
            });
        }
    }

    /// <summary>The shared shape of the per-loan GETs: find the loan, require a journey event, render.</summary>
    private static IResult WithLoan(FinBoxV1Store store, string? loanApplicationId, string? requiredEvent, string notYet, Func<V1User, object> render)
    {
        if (string.IsNullOrWhiteSpace(loanApplicationId))
        {
            return V1Results.Fail(StatusCodes.Status403Forbidden, "Missing loanApplicationID");
        }

        lock (store.Gate)
        {
            if (store.ByLoan(loanApplicationId) is not { } user)
            {
                return V1Results.Fail(StatusCodes.Status404NotFound, "loan application not found");
            }

            return requiredEvent is not null && !user.Reached(requiredEvent)
                ? V1Results.Fail(StatusCodes.Status403Forbidden, notYet)
                : V1Results.Ok(render(user));
        }
    }

    private static IResult LoanDetails([FromQuery(Name = "loanApplicationID")] string? id, FinBoxV1Store store) =>
        WithLoan(store, id, null, "", u => new
        {
            loanApplicationID = u.LoanApplicationId,
            loanApplicationNum = u.LoanApplicationNum,
            appliedLoanAmount = u.Scenario.V1EligibleAmount,
            status = u.LoanStatus,
            createdAt = u.LoanCreatedAt,
            loanDetails = new
            {
                customerID = u.CustomerId,
                name = u.Profile?.Name ?? "",
                email = u.Profile?.Email ?? "",
                mobile = u.Mobile,
                gender = u.Profile?.Gender ?? "",
                dob = u.Profile?.Dob ?? "",
                pan = u.Profile?.Pan ?? "",
                currentAddress = new { line1 = "22, 80 Feet Rd", line2 = "Koramangala", city = "Bengaluru", pincode = "560095", state = "Karnataka" },
                loanFormData = new { loanPurpose = "Personal" },
                residenceType = "Rented",
            },
            bankDetails = new { accountNumber = "50100100100999", ifscCode = "HDFC0000123", bankName = "HDFC Bank", accountHolderName = u.Profile?.Name ?? "" },
        });

    private static IResult LoanOffers([FromQuery(Name = "loanApplicationID")] string? id, FinBoxV1Store store) =>
        WithLoan(store, id, V1EventTypes.LoanApproved, "Loan Offers API works only once loan is approved", u => new object[]
        {
            // Listed first on purpose: an offer the borrower did not take (the document shows only "offer_accepted"; the
            // sandbox's word for the other is "offer_declined"), so a client that shares the first offer is caught.
            new
            {
                amount = u.Scenario.V1EligibleAmount,
                tenureMonths = 12,
                annualInterest = 18.0m,
                processingFee = 900,
                gst = 18,
                advanceEMIAmount = 0,
                emiCalculationMethod = "reducing_balance",
                status = "offer_declined",
                disbursalAmount = u.Scenario.V1EligibleAmount - 1062,
                totalPayableAmount = Math.Round(u.Scenario.V1EligibleAmount * 1.1m),
                emis = Enumerable.Range(1, 12).Select(i => new { emiDate = $"2030-{i:00}-03", emiAmount = Math.Round(u.Scenario.V1EligibleAmount * 1.1m / 12) }).ToList(),
            },
            new
            {
                amount = u.Scenario.V1EligibleAmount,
                tenureMonths = 6,
                annualInterest = 14.4m,
                processingFee = 700,
                gst = 18,
                advanceEMIAmount = 0,
                emiCalculationMethod = "flat_rate",
                status = "offer_accepted",
                disbursalAmount = u.Scenario.V1EligibleAmount - 826,
                totalPayableAmount = Math.Round(u.Scenario.V1EligibleAmount * 1.072m),
                emis = Enumerable.Range(1, 6).Select(i => new { emiDate = $"2030-{i:00}-03", emiAmount = Math.Round(u.Scenario.V1EligibleAmount * 1.072m / 6) }).ToList(),
            },
        });

    private static IResult SignedAgreement([FromQuery(Name = "loanApplicationID")] string? id, FinBoxV1Store store) =>
        WithLoan(store, id, V1EventTypes.LoanSignedAgreementGenerated, "agreement not generated yet", u => new { signedAgreementURL = $"https://sandbox.invalid/agreements/{u.LoanApplicationId}.pdf?expires=300" });

    private static IResult Activity([FromQuery(Name = "customerID")] string? customerId, FinBoxV1Store store)
    {
        if (string.IsNullOrWhiteSpace(customerId))
        {
            return V1Results.MissingCustomerId();
        }

        lock (store.Gate)
        {
            return store.Users.TryGetValue(customerId, out var user)
                ? V1Results.Ok(new { userActivityHistory = user.Activity.ToList() })
                : V1Results.Fail(StatusCodes.Status404NotFound, "User not found");
        }
    }
}
