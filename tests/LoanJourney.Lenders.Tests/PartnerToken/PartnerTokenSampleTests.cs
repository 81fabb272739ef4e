using System.Text.Json;
using LoanJourney.Lenders.Common;
using LoanJourney.Lenders.PartnerToken;
using LoanJourney.Lenders.Tests.TestSupport;
using static LoanJourney.Lenders.Common.LenderResultKind;
using Ops = LoanJourney.Lenders.PartnerToken.PartnerTokenOperations;

namespace LoanJourney.Lenders.Tests.PartnerToken;

/// <summary>
/// The partner samples, verbatim. Fixes (see Samples/README.md): requests are curl commands (the <c>-d '…'</c> body is used); the
/// token share body misses a comma after <c>"duration": "360"</c>. The handshake answer has <c>biz_address</c> twice: read as
/// printed, the last value wins, and the round trip is compared against that.
/// </summary>
public sealed class PartnerTokenSampleTests
{
    [Fact]
    public void TokenShareRequestSample_RoundTripsAfterTheMissingCommaFix()
    {
        var body = Samples.CurlBody(Samples.Read("PartnerToken/01-token-share.request.sh"));
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(body));
        var request = JsonRoundTrip.Assert<TokenShareRequest>(Samples.InsertMissingComma(body, "\"duration\": \"360\""));
        Assert.True(request.FinalApproval);
        Assert.Equal("ABCD1234512222", request.VerifiedCustomerRefId);
    }

    [Fact]
    public void TokenShareResponseSample_RoundTripsWithStringStatus()
    {
        var response = JsonRoundTrip.Assert<TokenShareResponse>(Samples.Read("PartnerToken/02-token-share.response.json"));
        Assert.Equal(PartnerStatuses.Sync, response.Status);
    }

    [Fact]
    public void HandshakeRequestSample_RoundTrips()
    {
        var request = JsonRoundTrip.Assert<HandshakeRequest>(Samples.CurlBody(Samples.Read("PartnerToken/03-handshake.request.sh")));
        Assert.Equal("4b816c58-2bd3-46cb-aefa-d431dd03608a", request.HandshakeId);
        Assert.Equal("1234543212", request.CustomerAttrs!.Phone);
    }

    [Fact]
    public void HandshakeResponseSample_WithDuplicateKey_RoundTripsLastValueWins()
    {
        var json = Samples.Read("PartnerToken/04-handshake.response.json");
        Assert.Equal(2, json.Split("\"biz_address\"").Length - 1);
        var response = JsonRoundTrip.Assert<HandshakeResponse>(json);
        Assert.Equal("asasassa", response.CustomerData!.BizAddress);
        Assert.Equal("ABCD1234512222", response.VerifiedCustomerRefId);
    }

    [Theory]
    [InlineData("Partner.Handshake", "1", Success)]
    [InlineData("Partner.Handshake", "2", Processing)]
    [InlineData("Partner.Handshake", "-1", TerminalFailure)]
    [InlineData("Partner.Handshake", "-100", TerminalFailure)]
    [InlineData("Partner.ShareToken", "1", Success)]
    [InlineData("Partner.ShareToken", "-2", TerminalFailure)]
    public void Classify_PartnerStatus_MapsToKind(string operation, string status, LenderResultKind expected)
    {
        using var document = JsonDocument.Parse($$"""{"status":"{{status}}","msg":""}""");
        var outcome = PartnerTokenClassifier.Instance.Classify(operation, 200, document.RootElement.Clone());
        Assert.Equal(expected, outcome.Kind);
        Assert.Equal(status, outcome.Code);
    }

    [Fact]
    public void Operations_UseTheDocumentedEndpointLine()
    {
        Assert.Equal("application/token", Ops.ShareToken.Path);
        Assert.Equal("handshake/token", Ops.Handshake.Path);
        Assert.Equal("application/token", new LenderOptions().TokenSharePath);
    }
}
