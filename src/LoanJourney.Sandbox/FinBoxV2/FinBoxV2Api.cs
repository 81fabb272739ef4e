using System.Globalization;
using System.Text.Json;
using LoanJourney.Sandbox.FinBoxV2.Models;
using LoanJourney.Sandbox.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace LoanJourney.Sandbox.FinBoxV2;

/// <summary>FinBox Lender Prism v2 at its documented paths (<c>/v2/...</c> and the odd <c>/user/acceptOffer</c>).</summary>
internal static class FinBoxV2Api
{
    public static void MapFinBoxV2(this IEndpointRouteBuilder lenderRoot)
    {
        var v2 = lenderRoot.MapLenderGroup(LenderFamily.FinBoxV2);
        v2.MapPost("/v2/user/create", CreateUser);
        v2.MapPost("/v2/user/details/update", UpdateDetails);
        v2.MapPost("/v2/user/offers", TriggerBre);
        v2.MapGet("/v2/user/offers", GetBre);
        v2.MapPost("/user/acceptOffer", AcceptOffer);
        v2.MapGet("/v2/bank/list", BankList);
        v2.MapPost("/v2/user/bank/analyse", TriggerBanking);
        v2.MapGet("/v2/user/bank/analyse", GetBanking);
        v2.MapPost("/v2/document/upload", UploadDocument);
        v2.MapPost("/v2/kyc/ckyc", TriggerKyc);
        v2.MapGet("/v2/kyc/details", GetKyc);
        v2.MapPost("/v2/loan/agreement", TriggerAgreement);
        v2.MapGet("/v2/loan/agreement", GetAgreement);
        v2.MapPost("/v2/loan/disburse", TriggerDisbursal);
        v2.MapGet("/v2/loan/disburse", GetDisbursal);
        v2.MapPost("/v2/user/session", Session);
    }

    private static async Task<IResult> CreateUser(HttpRequest request, FinBoxV2Store store, ILogger<FinBoxV2Store> logger)
    {
        var body = await WireJson.TryReadAsync<CreateUserRequest>(request);
        if (body is null)
        {
            return V2Results.Error("FBX-E-001", "request validation failed");
        }

        if (string.IsNullOrWhiteSpace(body.CustomerId))
        {
            return V2Results.CustomerIdRequired();
        }

        if (!MobileNumber.IsValid(body.Mobile))
        {
            return V2Results.Error("CUR-E-001", "invalid mobile number");
        }

        lock (store.Gate)
        {
            if (store.Users.ContainsKey(body.CustomerId))
            {
                // The user keeps its state: the partner continues the journey from the same stage.
                return V2Results.Error("CUR-E-002", "user already exists");
            }

            var user = new V2User(body.CustomerId, body.Mobile!);
            store.Users[user.CustomerId] = user;
            SandboxLog.UserCreated(logger, user.CustomerId, user.Mobile, user.Scenario.Key);
        }

        return V2Results.Ok(new MessageData("user created!"), "CUR-S-000");
    }

    private static async Task<IResult> UpdateDetails(HttpRequest request, FinBoxV2Store store)
    {
        var body = await WireJson.TryReadAsync<UpdateDetailsRequest>(request);
        if (body is null)
        {
            return V2Results.Error("UUD-E-000", "invalid payload");
        }

        if (string.IsNullOrWhiteSpace(body.CustomerId))
        {
            return V2Results.CustomerIdRequired();
        }

        if (body.Program is null || !FinBoxV2Catalog.Programs.Contains(body.Program))
        {
            return V2Results.Error("FBX-E-007", "invalid program");
        }

        if (DetailsValidationError(body) is { } validation)
        {
            return V2Results.Error("UUD-E-002", validation);
        }

        lock (store.Gate)
        {
            if (!store.Users.TryGetValue(body.CustomerId, out var user))
            {
                return V2Results.UserNotFound();
            }

            user.DetailsUpdated = true;
        }

        return V2Results.Ok(new MessageData("success"), "UUD-S-000");
    }

    private static string? DetailsValidationError(UpdateDetailsRequest body)
    {
        // Invocation 1 (personal details) needs basicDetails and consents; invocation 2 (NACH) carries a mandate.
        var isMandate = body.MandateDetails is { ValueKind: JsonValueKind.Object };
        if (body.BasicDetails is not { ValueKind: JsonValueKind.Object })
        {
            return "basicDetails is required";
        }

        if (!isMandate && body.Consents is not { ValueKind: JsonValueKind.Array })
        {
            return "consents are required";
        }

        if (body.BasicDetails.Value.TryGetProperty("personalDetails", out var personal)
            && personal.TryGetProperty("pan", out var pan)
            && !Pan.IsValid(pan.GetString()))
        {
            return "invalid pan";
        }

        return null;
    }

    private static async Task<IResult> TriggerBre(HttpRequest request, FinBoxV2Store store)
    {
        var body = await WireJson.TryReadAsync<TriggerBreRequest>(request);
        if (body is null)
        {
            return V2Results.Error("FBX-E-001", "request validation failed");
        }

        if (string.IsNullOrWhiteSpace(body.CustomerId))
        {
            return V2Results.CustomerIdRequired();
        }

        // Mandatory in the document (its sample sends {}): a trigger without it is refused, so a client that leaves it out is caught.
        if (body.RiskVariables is not { ValueKind: JsonValueKind.Object } risk)
        {
            return V2Results.Error("FBX-E-009", "missing required key: riskVariables");
        }

        if (risk.TryGetProperty("policyID", out var policy)
            && policy.GetString() is { Length: > 0 } policyId
            && policyId != "default")
        {
            return V2Results.Error("GNO-E-002", "invalid policy id");
        }

        lock (store.Gate)
        {
            if (!store.Users.TryGetValue(body.CustomerId, out var user))
            {
                return V2Results.UserNotFound();
            }

            if (!user.DetailsUpdated)
            {
                return V2Results.InvalidUserState("user details not updated");
            }

            var op = store.Start(user, OperationKind.Bre);
            return V2Results.Ok(new ReferenceData(op.ReferenceId), "GNO-S-000");
        }
    }

    private static IResult GetBre([FromQuery(Name = "referenceID")] string? referenceId, FinBoxV2Store store, TimeProvider time) =>
        Poll(store, referenceId, OperationKind.Bre, (op, user, status) =>
        {
            switch (status)
            {
                case "SUCCESS":
                    var now = time.GetUtcNow();
                    user.Offer ??= new Offer(
                        CreatedAt: now.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
                        ExpiresAt: now.AddDays(30).ToString("yyyy-MM-dd'T'00:00:00'Z'", CultureInfo.InvariantCulture),
                        LenderId: FinBoxV2Catalog.LenderId,
                        LenderLogoUrl: "https://finbox-cdn.s3.ap-south-1.amazonaws.com/assets/abfl_logo.jpeg",
                        LenderName: "Sandbox Finance Limited",
                        OfferId: Guid.NewGuid().ToString(),
                        OfferType: "final",
                        Slabs: FinBoxV2Catalog.Slabs,
                        Status: "ACTIVE");
                    return V2Results.Ok(new BreResultData(new { }, [user.Offer], new { }, null, op.ReferenceId, status), "GEO-S-000");
                case "REJECTED":
                    return V2Results.Ok(new BreResultData(null, null, new { rejectionReason = "sandbox scenario " + user.Scenario.Key }, op.Final.Detail, op.ReferenceId, status), "GEO-S-002");
                case "FAILED":
                    return V2Results.Ok(new BreResultData(null, null, null, null, op.ReferenceId, status), "GEO-S-003");
                default:
                    return V2Results.Ok(new BreResultData(null, null, null, null, op.ReferenceId, status), "GEO-S-001");
            }
        });

    private static async Task<IResult> AcceptOffer(HttpRequest request, FinBoxV2Store store)
    {
        var body = await WireJson.TryReadAsync<AcceptOfferRequest>(request);
        if (body is null)
        {
            return V2Results.Error("AOP-E-003", "invalid input");
        }

        if (string.IsNullOrWhiteSpace(body.CustomerId))
        {
            return V2Results.CustomerIdRequired();
        }

        if (body.OfferDetails is not { Amount: { } amount, Tenure: { } tenure } details)
        {
            return V2Results.Error("AOP-E-003", "invalid input: offerDetails with amount and tenure is required");
        }

        lock (store.Gate)
        {
            if (!store.Users.TryGetValue(body.CustomerId, out var user))
            {
                return V2Results.UserNotFound();
            }

            if (user.Offer is null || !string.Equals(details.OfferId, user.Offer.OfferId, StringComparison.Ordinal))
            {
                return V2Results.Error("AOP-E-002", "invalid offer id");
            }

            var slab = user.Offer.Slabs.FirstOrDefault(s =>
                amount >= s.MinAmount && amount <= s.MaxAmount && tenure == s.Tenure && (details.Interest is null || details.Interest == s.Interest));
            if (slab is null)
            {
                return V2Results.Error("AOP-E-003", "invalid input: offer outside the offer slabs");
            }

            user.Accepted = new AcceptedOffer(user.Offer.OfferId, amount, tenure, slab.Interest);
        }

        return V2Results.Ok(new MessageData("ok"), "AOP-S-000");
    }

    private static IResult BankList([FromQuery(Name = "customerID")] string? customerId, FinBoxV2Store store)
    {
        if (string.IsNullOrWhiteSpace(customerId))
        {
            return V2Results.CustomerIdRequired();
        }

        lock (store.Gate)
        {
            if (!store.Users.ContainsKey(customerId))
            {
                return V2Results.UserNotFound();
            }
        }

        return WireJson.Json(new BankList(FinBoxV2Catalog.Banks.Count, FinBoxV2Catalog.Banks));
    }

    private static async Task<IResult> TriggerBanking(HttpRequest request, FinBoxV2Store store)
    {
        if (!request.HasFormContentType)
        {
            return V2Results.Error("FBX-E-001", "files must be sent as form-data");
        }

        var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        var customerId = form["customerID"].ToString();
        if (string.IsNullOrWhiteSpace(customerId))
        {
            return V2Results.CustomerIdRequired();
        }

        var bankName = form["bankName"].ToString();
        var uploadType = form["uploadType"].ToString();
        if (string.IsNullOrWhiteSpace(bankName) || string.IsNullOrWhiteSpace(uploadType))
        {
            return V2Results.Error("FBX-E-009", "bankName and uploadType are required");
        }

        if (uploadType is not ("PDF" or "BASE64"))
        {
            return V2Results.Error("FBX-E-001", "uploadType must be PDF or BASE64");
        }

        var sizes = FileSizes(form, "files", uploadType == "BASE64");
        if (sizes.Count == 0)
        {
            return V2Results.Error("FBX-E-013", "no statement file");
        }

        if (sizes.Any(s => s is < 0 or > FinBoxV2Catalog.MaxFileBytes))
        {
            return V2Results.Error("FBX-E-013", "invalid file: each file must be a valid file of at most 5MB");
        }

        lock (store.Gate)
        {
            if (!store.Users.TryGetValue(customerId, out var user))
            {
                return V2Results.UserNotFound();
            }

            var op = store.Start(user, OperationKind.Banking);
            if (!FinBoxV2Catalog.Banks.Any(b => b.Name == bankName))
            {
                // An unknown bank is accepted on trigger and fails on the result, as the FAILED error list says.
                var failed = new PolledOperation(op.ReferenceId, op.Kind, op.CustomerId, new("FAILED", "INVALID_BANK_NAME"), 0, 0);
                store.Operations[op.ReferenceId] = failed;
                user.Latest[OperationKind.Banking] = failed;
            }

            return V2Results.Ok(new ReferenceData(op.ReferenceId), "BANK-TBN-S-000");
        }
    }

    /// <summary>Sizes of the files in a form field; base64 text fields count decoded bytes, -1 when not base64.</summary>
    private static List<long> FileSizes(IFormCollection form, string field, bool base64Text)
    {
        var sizes = form.Files.GetFiles(field).Select(f => f.Length).ToList();
        if (base64Text)
        {
            foreach (var text in form[field])
            {
                if (!string.IsNullOrEmpty(text))
                {
                    var buffer = new byte[text.Length];
                    sizes.Add(Convert.TryFromBase64String(text, buffer, out var written) ? written : -1);
                }
            }
        }

        return sizes;
    }

    private static IResult GetBanking([FromQuery(Name = "referenceID")] string? referenceId, FinBoxV2Store store) =>
        Poll(store, referenceId, OperationKind.Banking, (op, _, status) => status switch
        {
            "SUCCESS" => V2Results.Ok(new BankingSuccessData("", "", op.ReferenceId, status), "BANK-GBR-S-000"),
            "FAILED" => V2Results.Ok(
                new BankingPendingData(new BankingDetails(op.Final.Detail ?? "EXTERNAL_API_FAILURE", FinBoxV2Catalog.BankingErrors.GetValueOrDefault(op.Final.Detail ?? "EXTERNAL_API_FAILURE", "")), op.ReferenceId, status),
                "BANK-GBR-S-002"),
            _ => V2Results.Ok(new BankingPendingData(new BankingDetails("", ""), op.ReferenceId, status), "BANK-GBR-S-001"),
        });

    private static async Task<IResult> UploadDocument(HttpRequest request, FinBoxV2Store store)
    {
        if (!request.HasFormContentType)
        {
            return V2Results.Error("FBX-E-001", "documents must be sent as multipart/form-data");
        }

        var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        var customerId = form["customerID"].ToString();
        if (string.IsNullOrWhiteSpace(customerId))
        {
            return V2Results.CustomerIdRequired();
        }

        var documentType = form["documentType"].ToString();
        if (!FinBoxV2Catalog.DocumentFields.TryGetValue(documentType, out var field))
        {
            return V2Results.Error("FBX-E-001", "invalid documentType");
        }

        if (!FinBoxV2Catalog.Programs.Contains(form["program"].ToString()))
        {
            return V2Results.Error("FBX-E-007", "invalid program");
        }

        var file = form.Files.GetFile(field);
        if (file is null || file.Length == 0 || file.Length > FinBoxV2Catalog.MaxFileBytes)
        {
            return V2Results.Error("FBX-E-013", $"invalid file: '{field}' must be a file of at most 5MB");
        }

        lock (store.Gate)
        {
            if (!store.Users.TryGetValue(customerId, out var user))
            {
                return V2Results.UserNotFound();
            }

            user.Documents.Add(documentType);
        }

        // The seed documents no answer for this endpoint: the sandbox answers in the usual envelope.
        return V2Results.Ok(new MessageData("document uploaded"), "UDC-S-000");
    }

    private static async Task<IResult> TriggerKyc(HttpRequest request, FinBoxV2Store store) =>
        await TriggerAsync(request, store, OperationKind.Kyc, "TCK-S-000", user =>
            user.Accepted is null ? "offer not accepted" : null);

    private static IResult GetKyc([FromQuery(Name = "referenceID")] string? referenceId, FinBoxV2Store store) =>
        Poll(store, referenceId, OperationKind.Kyc, (op, user, status) => status switch
        {
            "APPROVED" => V2Results.Ok(FinBoxV2Catalog.ApprovedKyc(), "GKD-S-000"),
            "ACTION_PENDING" => V2Results.Ok(new { action = "SUBMIT_CKYC_OTP", customerID = user.CustomerId, referenceID = op.ReferenceId, results = (object?)null, status }, "GKD-S-001"),
            PolledOperation.InManualReview => V2Results.Ok(FinBoxV2Catalog.KycInManualReview(), "GKD-S-000"),
            "FAILED" => WireJson.Json(new V2Envelope(new { action = "", results = (object?)null, status }, op.Final.Detail ?? "", "GKD-E-000")),
            "REJECTED" => V2Results.Ok(new { action = "", message = op.Final.Detail ?? "", results = (object?)null, status }, "GKD-S-000"),
            _ => V2Results.Ok(new { action = "WAIT", personalKYC = (object?)null, status }, "GKD-S-001"),
        });

    private static async Task<IResult> TriggerAgreement(HttpRequest request, FinBoxV2Store store, RequestCounters counters) =>
        await TriggerAsync(request, store, OperationKind.Agreement, "TAS-S-000", user => user.Succeeded(OperationKind.Kyc) ? null : "kyc not approved", (user, program) =>
        {
            // EDI loans sign the agreement the partner uploaded; personal loans get one generated by the lender.
            if (program == "EDI" && !user.Documents.Contains("LOAN_AGREEMENT"))
            {
                return V2Results.Error("TAS-E-001", "agreement document not found");
            }

            // One signing at a time: a re-trigger while one runs or after it ended (other than FAILED, which FinBox
            // documents as retryable) reports the existing signing, as a disbursal re-trigger does.
            return user.Latest.TryGetValue(OperationKind.Agreement, out var existing) && !(existing.IsComplete && existing.Final.Status == "FAILED")
                ? AlreadyReported(counters, user, CallCounters.AgreementDuplicate, existing)
                : null;
        }, user => counters.Increment(user.CustomerId, CallCounters.Agreement));

    private static IResult GetAgreement([FromQuery(Name = "referenceID")] string? referenceId, FinBoxV2Store store) =>
        Poll(store, referenceId, OperationKind.Agreement, (op, _, status) =>
            V2Results.Ok(new AgreementData(status, status == "SUCCESS" ? $"https://sandbox.invalid/agreements/{op.ReferenceId}.pdf" : null), "GAS-S-000"));

    private static async Task<IResult> TriggerDisbursal(HttpRequest request, FinBoxV2Store store, RequestCounters counters) =>
        await TriggerAsync(request, store, OperationKind.Disbursal, "TDB-S-200", user => user.Succeeded(OperationKind.Agreement) ? null : "agreement not signed", (user, _) =>

            // A loan is disbursed once: a re-trigger reports the first disbursal's reference.
            user.Latest.TryGetValue(OperationKind.Disbursal, out var first)
                ? AlreadyReported(counters, user, CallCounters.DisbursalDuplicate, first)
                : null,
            user => counters.Increment(user.CustomerId, CallCounters.Disbursal));

    private static IResult AlreadyReported(RequestCounters counters, V2User user, string counter, PolledOperation existing)
    {
        counters.Increment(user.CustomerId, counter);
        return WireJson.Json(new V2Envelope(new ReferenceData(existing.ReferenceId), "request already reported", "FBX-S-208"));
    }

    private static IResult GetDisbursal([FromQuery(Name = "referenceID")] string? referenceId, FinBoxV2Store store, TimeProvider time) =>
        Poll(store, referenceId, OperationKind.Disbursal, (op, user, status) => status == "SUCCESS"
            ? V2Results.Ok(
                new DisbursalSuccessData(
                    UtrNumber: "SBXUTR" + op.ReferenceId[..8].ToUpperInvariant(),
                    DisbursedAt: TimeZoneInfo.ConvertTime(time.GetUtcNow(), IndiaTime).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture),
                    DisbursedAmount: user.Accepted?.Amount ?? 0,
                    LoanAccountNumber: "SBXLAN" + op.ReferenceId[..8].ToUpperInvariant(),
                    Status: status,
                    Message: status),
                "GDB-S-200")
            : V2Results.Ok(new DisbursalProcessingData(user.CustomerId, "", op.ReferenceId, status), "GDB-S-200"));

    private static async Task<IResult> Session(HttpRequest request, FinBoxV2Store store)
    {
        var body = await WireJson.TryReadAsync<SessionRequest>(request);
        if (body is null)
        {
            return V2Results.Error("FBX-E-001", "request validation failed");
        }

        if (string.IsNullOrWhiteSpace(body.CustomerId))
        {
            return V2Results.CustomerIdRequired();
        }

        if (string.IsNullOrWhiteSpace(body.RedirectUrl))
        {
            return V2Results.Error("FBX-E-009", "redirectURL is required");
        }

        lock (store.Gate)
        {
            if (!store.Users.ContainsKey(body.CustomerId))
            {
                return V2Results.UserNotFound();
            }
        }

        // Documented oddity: this answer names its code "status", not "statusCode".
        return WireJson.Json(new { data = new { url = $"https://sandbox.invalid/session/{Guid.NewGuid():N}" }, error = "", status = "PSS-S-000" });
    }

    private static readonly TimeZoneInfo IndiaTime = TimeZoneInfo.CreateCustomTimeZone("IST", TimeSpan.FromHours(5.5), "IST", "IST");

    /// <summary>
    /// The shared shape of trigger KYC / agreement / disbursal: validate, check the user's state, let the
    /// endpoint answer first (idempotency, documented refusals), otherwise start the next scripted attempt
    /// (<paramref name="started"/> is told, under the store's gate).
    /// </summary>
    private static async Task<IResult> TriggerAsync(
        HttpRequest request,
        FinBoxV2Store store,
        OperationKind kind,
        string successCode,
        Func<V2User, string?> stateError,
        Func<V2User, string, IResult?>? before = null,
        Action<V2User>? started = null)
    {
        var body = await WireJson.TryReadAsync<ProgramRequest>(request);
        if (body is null)
        {
            return V2Results.Error("FBX-E-001", "request validation failed");
        }

        if (string.IsNullOrWhiteSpace(body.CustomerId))
        {
            return V2Results.CustomerIdRequired();
        }

        if (body.Program is null || !FinBoxV2Catalog.Programs.Contains(body.Program))
        {
            return V2Results.Error("FBX-E-007", "invalid program");
        }

        lock (store.Gate)
        {
            if (!store.Users.TryGetValue(body.CustomerId, out var user))
            {
                return V2Results.UserNotFound();
            }

            if (before?.Invoke(user, body.Program) is { } early)
            {
                return early;
            }

            if (stateError(user) is { } why)
            {
                return V2Results.InvalidUserState(why);
            }

            var op = store.Start(user, kind);
            started?.Invoke(user);
            return V2Results.Ok(new ReferenceData(op.ReferenceId), successCode);
        }
    }

    /// <summary>The shared shape of every GET-by-referenceID: find the operation, take one poll, render its status.</summary>
    private static IResult Poll(FinBoxV2Store store, string? referenceId, OperationKind kind, Func<PolledOperation, V2User, string, IResult> render)
    {
        if (string.IsNullOrWhiteSpace(referenceId))
        {
            return V2Results.Error("FBX-E-009", "referenceID is required");
        }

        lock (store.Gate)
        {
            if (!store.Operations.TryGetValue(referenceId, out var op) || op.Kind != kind || !store.Users.TryGetValue(op.CustomerId, out var user))
            {
                return V2Results.Error("FBX-E-008", "invalid reference id");
            }

            return render(op, user, op.Poll(store.HeldActions.Contains(op.CustomerId)));
        }
    }
}
