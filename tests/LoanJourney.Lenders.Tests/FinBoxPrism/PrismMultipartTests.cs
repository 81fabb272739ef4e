using System.Text;
using System.Text.Json;
using LoanJourney.Lenders.Common;
using LoanJourney.Lenders.FinBoxPrism;
using LoanJourney.Lenders.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace LoanJourney.Lenders.Tests.FinBoxPrism;

/// <summary>Banking and document uploads over real HTTP: the documented form fields, the 5 MB limit, files recorded as names + sizes.</summary>
public sealed class PrismMultipartTests : IAsyncLifetime
{
    private const string Reference = """{"data":{"referenceID":"r1"},"error":"","statusCode":"BANK-TBN-S-000"}""";
    private ScriptedLenderServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await ScriptedLenderServer.StartAsync();
        _server.Fallback = ctx => ScriptedLenderServer.Json(ctx, 200, Reference);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task StatementOverFiveMegabytesIsRefusedBeforeAnyRequestLeaves()
    {
        await using var services = LenderTestServices.Create(_server.BaseUrl);
        using var capture = LenderCallCapture.Begin();

        var result = await services.GetRequiredService<IFinBoxPrismClient>().TriggerBankingAsync(new TriggerBankingRequest
        {
            CustomerID = "c1",
            BankName = "HDFC",
            Files =
            [
                new LenderFile("jan.pdf", new byte[1024], "application/pdf"),
                new LenderFile("feb.pdf", new byte[TriggerBankingRequest.MaxFileBytes + 1], "application/pdf"),
            ],
        });

        Assert.Equal(LenderResultKind.TerminalFailure, result.Kind);
        Assert.Equal("FILE_TOO_LARGE", result.LenderCode);
        Assert.Null(result.HttpStatus);
        Assert.Empty(_server.Received);
        Assert.Empty(capture.Calls);
    }

    [Fact]
    public async Task SeveralStatementsUpToFiveMegabytesEachAreSentAsDocumentedFormFields()
    {
        await using var services = LenderTestServices.Create(_server.BaseUrl);
        using var capture = LenderCallCapture.Begin();
        var big = new byte[TriggerBankingRequest.MaxFileBytes];
        big.AsSpan().Fill((byte)'x');

        var result = await services.GetRequiredService<IFinBoxPrismClient>().TriggerBankingAsync(new TriggerBankingRequest
        {
            CustomerID = "c1",
            BankName = "HDFC",
            UploadType = "PDF",
            PdfPassword = "pw-9981",
            Files = [new LenderFile("jan.pdf", big, "application/pdf"), new LenderFile("feb.pdf", Encoding.UTF8.GetBytes("%PDF-1.4"), "application/pdf")],
        });

        Assert.Equal(LenderResultKind.Success, result.Kind);
        Assert.Equal("r1", result.Body!.Data!.ReferenceID);
        var request = Assert.Single(_server.Received);
        Assert.Equal("/lender/v2/user/bank/analyse", request.Path);
        Assert.Equal(["bankName", "customerID", "pdfPassword", "uploadType"], request.Form.Keys.Order(StringComparer.Ordinal));
        Assert.Equal([("files", "jan.pdf", big.LongLength), ("files", "feb.pdf", 8L)], request.Files.Select(f => (f.Field, f.FileName, f.Length)));

        var record = Assert.Single(capture.Calls);
        using var body = JsonDocument.Parse(record.RequestBody!);
        Assert.Equal("HDFC", body.RootElement.GetProperty("bankName").GetString());
        Assert.False(body.RootElement.TryGetProperty("pdfPassword", out _));
        var files = body.RootElement.GetProperty("files");
        Assert.Equal("jan.pdf", files[0].GetProperty("fileName").GetString());
        Assert.Equal(big.LongLength, files[0].GetProperty("size").GetInt64());
        Assert.DoesNotContain("xxxxxxxx", record.RequestBody, StringComparison.Ordinal);
        Assert.DoesNotContain("%PDF", record.RequestBody, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> DocumentSamples { get; } = new()
    {
        { "21-document-upload.aadhaar-xml.json", PrismDocumentTypes.AadhaarXml },
        { "22-document-upload.selfie.json", PrismDocumentTypes.Selfie },
        { "23-document-upload.agreement.json", PrismDocumentTypes.LoanAgreement },
        { "24-document-upload.business-proof.json", PrismDocumentTypes.BusinessProof },
    };

    [Theory]
    [MemberData(nameof(DocumentSamples))]
    public async Task DocumentUploadSendsTheFieldsOfItsDocumentedRequestType(string sampleFile, string documentType)
    {
        // The samples list the form fields as JSON, with "<file>" where the file goes.
        using var sample = JsonDocument.Parse(Samples.Read("FinBoxPrism/" + sampleFile));
        var fileField = sample.RootElement.EnumerateObject().Single(p => p.Value.GetString() == "<file>").Name;
        await using var services = LenderTestServices.Create(_server.BaseUrl);

        await services.GetRequiredService<IFinBoxPrismClient>().UploadDocumentAsync(new DocumentUploadRequest
        {
            CustomerID = sample.RootElement.GetProperty("customerID").GetString()!,
            Program = sample.RootElement.GetProperty("program").GetString()!,
            DocumentType = documentType,
            File = new LenderFile("doc.bin", new byte[] { 1, 2, 3 }),
        });

        var request = Assert.Single(_server.Received);
        Assert.Equal("/lender/v2/document/upload", request.Path);
        Assert.Equal(sample.RootElement.GetProperty("documentType").GetString(), request.Form["documentType"]);
        Assert.Equal("some_customerID", request.Form["customerID"]);
        Assert.Equal("EDI", request.Form["program"]);
        var file = Assert.Single(request.Files);
        Assert.Equal(fileField, file.Field);
        Assert.Equal(3, file.Length);
    }
}
