using System.Text;
using LoanJourney.Lenders.CapitalFloat;
using LoanJourney.Lenders.Common;
using LoanJourney.Lenders.FinBoxPrism;
using LoanJourney.Lenders.FinBoxSourcing;
using LoanJourney.Lenders.PartnerToken;
using LoanJourney.Lenders.Tests.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using PrismCreateUser = LoanJourney.Lenders.FinBoxPrism.CreateUserRequest;

namespace LoanJourney.Lenders.Tests.Common;

/// <summary>Calls with real-looking PII, answers with PII: none of it reaches the logs or the call records.</summary>
public sealed class LogMaskingTests : IAsyncLifetime
{
    private const string Pan = "ABCDE1234F";
    private const string AadhaarSpaced = "1234 5678 9012";
    private const string Aadhaar = "123456789012";
    private const string Mobile = "9876543210";
    private const string Email = "rahul.sharma@example.com";
    private const string AccountNumber = "50100123456789";
    private const string Otp = "123456";
    private const string Name = "Rahul Sharma";
    private const string PdfPassword = "Statement@Pwd77";
    private const string SessionToken = "123LN5hAeH6LgDzhmtJs12345678q3G25QAMLinE77IE123yrT7GWZpwNyPO3123";
    private const string PartnerTokenValue = "3c62880548592b9366a186df2253e993da9cc";

    private static readonly string[] Secrets =
    [
        Pan, AadhaarSpaced, Aadhaar, Mobile, Email, AccountNumber, Otp, Name, PdfPassword, SessionToken, PartnerTokenValue,
        LenderTestServices.PrismApiKey, LenderTestServices.SourcingApiKey, LenderTestServices.CapitalFloatToken, LenderTestServices.PartnerToken,
    ];

    private ScriptedLenderServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await ScriptedLenderServer.StartAsync();
        _server.Fallback = Answer;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task CallsWithPiiLeaveNoPiiInLogsOrCallRecords()
    {
        var logs = new CapturingLoggerProvider();
        await using var services = LenderTestServices.Create(_server.BaseUrl, logs);
        var prism = services.GetRequiredService<IFinBoxPrismClient>();
        var sourcing = services.GetRequiredService<IFinBoxSourcingClient>();
        var cf = services.GetRequiredService<ICapitalFloatClient>();
        var partner = services.GetRequiredService<IPartnerTokenClient>();
        using var capture = LenderCallCapture.Begin();

        await prism.CreateUserAsync(new PrismCreateUser { CustomerID = "c1", Mobile = Mobile });
        await prism.UpdateUserDetailsAsync(new UpdateUserDetailsRequest
        {
            CustomerID = "c1",
            Program = "PERSONAL_LOAN",
            BasicDetails = new() { PersonalDetails = new() { Pan = Pan, Email = Email, Name = Name, Dob = "1990-01-31" } },
            MandateDetails = new() { AccountNumber = AccountNumber, AccountHolderName = Name, Ifsc = "HDFC0000123" },
        });
        await prism.UploadDocumentAsync(new DocumentUploadRequest
        {
            CustomerID = "c1",
            DocumentType = PrismDocumentTypes.AadhaarXml,
            File = new LenderFile($"aadhaar_{Mobile}.xml", Encoding.UTF8.GetBytes($"<OfflinePaperlessKyc uid=\"{Aadhaar}\" name=\"{Name}\"/>"), "application/xml"),
        });
        await prism.TriggerBankingAsync(new TriggerBankingRequest
        {
            CustomerID = "c1",
            BankName = "HDFC",
            PdfPassword = PdfPassword,
            Files = [new LenderFile("statement.pdf", Encoding.UTF8.GetBytes($"%PDF {Name} {AccountNumber}"), "application/pdf")],
        });
        var push = await sourcing.PushPartnerDataAsync(new PartnerPushRequest { CustomerID = "c1", Pan = Pan, Email = Email, Name = Name });
        await sourcing.ListUsersAsync(new SourcingListQuery { Mobile = Mobile });
        await sourcing.GetUserProfileAsync("c1");
        await sourcing.GetLoanDetailsAsync("l1");
        var token = await sourcing.GenerateTokenAsync(new GenerateTokenRequest { CustomerID = "c1" });
        await cf.VerifyBlockOtpAsync(new VerifyBlockOtpRequest { AppId = "a1", OrderId = "o1", Otp = Otp });
        await cf.GetBorrowerDetailsAsync(new BorrowerDetailsRequest { AppId = "a1" });
        await partner.HandshakeAsync(new HandshakeRequest
        {
            HandshakeId = "h1",
            CapturedCustomerRefId = "ref1",
            CustomerAttrs = new() { Email = Email, Phone = Mobile, CustomerName = Name, ResiAddress = "12 MG Road" },
        });
        await partner.ShareTokenAsync(new TokenShareRequest { XPartnerToken = PartnerTokenValue, FinalApproval = true, VerifiedCustomerRefId = "ref1" });

        // The PII really went over the wire and came back (so the test proves masking, not absence).
        var wire = string.Join('\n', _server.Received.Select(r => r.BodyText + r.Query + string.Join(',', r.Headers.Values)));
        Assert.Contains(Pan, wire, StringComparison.Ordinal);
        Assert.Contains(Otp, wire, StringComparison.Ordinal);
        Assert.Contains(LenderTestServices.PrismApiKey, wire, StringComparison.Ordinal);
        Assert.Equal(SessionToken, token.Body!.Data!.Token);
        Assert.Equal(13, capture.Calls.Count);

        var logText = logs.AllText();
        var recordText = string.Join('\n', capture.Calls.Select(c => c.ToString()));
        foreach (var secret in Secrets)
        {
            Assert.DoesNotContain(secret, logText, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(secret, recordText, StringComparison.OrdinalIgnoreCase);
        }

        Assert.DoesNotContain(Pan, push.Message, StringComparison.Ordinal);
        Assert.Contains("XXXXX1234F", logText, StringComparison.Ordinal);
        Assert.Contains("XXXXX1234F", recordText, StringComparison.Ordinal);
        Assert.Contains("XXXXXX3210", recordText, StringComparison.Ordinal);
        Assert.Contains("aadhaar_XXXXXX3210.xml", recordText, StringComparison.Ordinal);
        Assert.Contains(logs.Entries, e => e.EventId.Id == 1001);
        Assert.Contains(logs.Entries, e => e.EventId.Id == 1004);
    }

    [Fact]
    public async Task CallLinesNameTheQueryParameters_WithoutTheirValues_TheCallRecordKeepsThem()
    {
        var logs = new CapturingLoggerProvider();
        await using var services = LenderTestServices.Create(_server.BaseUrl, logs);
        var prism = services.GetRequiredService<IFinBoxPrismClient>();
        using var capture = LenderCallCapture.Begin();

        await prism.GetBankListAsync("ERASE-ME-1");

        Assert.Contains("customerID=ERASE-ME-1", Assert.Single(_server.Received).Query, StringComparison.Ordinal);
        var line = Assert.Single(logs.Entries, e => e.EventId.Id == 1001);
        Assert.Contains("/v2/bank/list?customerID=***", line.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("ERASE-ME-1", logs.AllText(), StringComparison.Ordinal);

        // The journal's copy (redacted with the journey at retention and erasure) keeps the value for the operator.
        Assert.EndsWith("/v2/bank/list?customerID=ERASE-ME-1", Assert.Single(capture.Calls).Path, StringComparison.Ordinal);
    }

    private static Task Answer(HttpContext context)
    {
        var path = context.Request.Path.Value!;
        var body = path switch
        {
            _ when path.EndsWith("/v1/user/push", StringComparison.Ordinal) =>
                $$$"""{"data":{},"error":"PAN is not matching with GSTIN, passed value: PAN = {{{Pan}}}, GSTIN = 27{{{Pan}}}1Z5","status":false}""",
            _ when path.EndsWith("/v1/user/profile", StringComparison.Ordinal) =>
                $$$"""{"data":{"userProfile":{"customerID":"c1","mobile":"{{{Mobile}}}","name":"{{{Name}}}","email":"{{{Email}}}","dob":"1990-01-31","pan":"{{{Pan}}}"}},"error":"","status":true}""",
            _ when path.EndsWith("/v1/users", StringComparison.Ordinal) =>
                $$$"""{"data":{"total":1,"userList":[{"name":"{{{Name}}}","mobile":"{{{Mobile}}}","customerID":"c1"}]}}""",
            _ when path.EndsWith("/v1/loan/details", StringComparison.Ordinal) =>
                $$$"""{"data":{"loanDetails":{"pan":"{{{Pan}}}","mobile":"{{{Mobile}}}","loanFormData":{"reference1Contact":"+91{{{Mobile}}}"}},"bankDetails":{"accountNumber":"{{{AccountNumber}}}","accountHolderName":"{{{Name}}}"}},"error":"","status":true}""",
            _ when path.EndsWith("/v1/user/token", StringComparison.Ordinal) =>
                $$$"""{"data":{"token":"{{{SessionToken}}}"},"error":"","status":true}""",
            _ when path.EndsWith("/paylater/agent_info", StringComparison.Ordinal) =>
                $$$"""{"sresp":{"agentProfiles":[{"emailId":"{{{Email}}}","lan":"AAA17E00000"}],"agent":{"name":"{{{Name}}}","phone":"{{{Mobile}}}","email":"{{{Email}}}"},"cfBankAcctNo":"{{{AccountNumber}}}"},"status":1}""",
            _ when path.EndsWith("/handshake/token", StringComparison.Ordinal) =>
                $$$"""{"status":"1","handshake_id":"h1","verified_customer_ref_id":"ref1","msg":"","customer_data":{"email":"{{{Email}}}","phone":"{{{Mobile}}}","customer_name":"{{{Name}}}"}}""",
            _ when path.Contains("/paylater/", StringComparison.Ordinal) => """{"status":1,"message":"Success"}""",
            _ when path.Contains("/application/token", StringComparison.Ordinal) => """{"status":"1","msg":""}""",
            _ => """{"data":{"message":"ok","referenceID":"r1"},"error":"","statusCode":"FBX-S-208"}""",
        };
        var status = path.EndsWith("/v1/user/push", StringComparison.Ordinal) ? 400 : 200;
        return ScriptedLenderServer.Json(context, status, body);
    }
}
