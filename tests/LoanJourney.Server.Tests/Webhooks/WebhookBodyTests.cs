using System.Text;
using LoanJourney.Lenders.FinBoxSourcing;
using LoanJourney.Server.Webhooks;

namespace LoanJourney.Server.Tests.Webhooks;

/// <summary>
/// A regression guard that is not timed: the bytes a FinBox webhook's body costs to check and turn into what the inbox
/// stores (one parse, the documented fields, the event id, the stored text). Measured 2,545 bytes for this 224-byte body
/// (.NET 10.0.12); the path before (a JSON tree, written out, deserialised, the tree written out again for the inbox) took
/// 4,616 for the same work. Raise the bound only with a reason.
/// </summary>
public sealed class WebhookBodyTests
{
    private const long BytesPerWebhook = 3_000;

    private static readonly byte[] Body = Encoding.UTF8.GetBytes(
        """{"customerID":"BENCH-run-12345","eventType":"LOAN_DISBURSED","entityType":"loan","loanApplicationID":"LA-12345","loggedAt":"2026-01-10T10:00:00Z","journeyType":"PERSONAL_LOAN","source":"bench","eventDescription":"bench event"}""");

    [Fact]
    public void AWebhookBody_IsParsedOnce_WithinABoundOfAllocatedBytes()
    {
        const int Rounds = 200;
        Read(); // first use: static initialisation and caches are not per webhook
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Rounds; i++)
        {
            Read();
        }

        var perWebhook = (GC.GetAllocatedBytesForCurrentThread() - before) / Rounds;
        Assert.True(perWebhook <= BytesPerWebhook, $"checking a webhook body now allocates {perWebhook} bytes (bound {BytesPerWebhook})");
    }

    [Fact]
    public void TheStoredText_IsTheBodyAsSent_WithoutAByteOrderMark()
    {
        var sent = "\uFEFF { \"customerID\" : \"C1\", \"eventType\":\"e\" }";

        Assert.Null(WebhookBody.TryParse(Encoding.UTF8.GetBytes(sent), out var body));
        using (body)
        {
            Assert.Equal(sent[1..], body!.Text);
            Assert.Equal("C1", body.Value("customerID"));
        }
    }

    [Theory]
    [InlineData("""{"a":1,"a":2}""")]
    [InlineData("""{"a":1""")]
    [InlineData("""[1]""")]
    [InlineData("""null""")]
    [InlineData("  ")]
    public void ABodyThatIsNotExactlyOneObject_IsAProblem(string sent)
    {
        Assert.NotNull(WebhookBody.TryParse(Encoding.UTF8.GetBytes(sent), out var body));
        Assert.Null(body);
    }

    [Fact]
    public void TryRead_NamesADocumentedFieldThatIsNotAString()
    {
        Assert.Null(WebhookBody.TryParse(Encoding.UTF8.GetBytes("""{"customerID":"C1","eventType":"e","source":7}"""), out var body));
        using (body)
        {
            Assert.False(SourcingWebhook.TryRead(body!.Root, out var payload, out var invalid));
            Assert.Null(payload);
            Assert.Equal("source", invalid);
        }
    }

    private static void Read()
    {
        Assert.Null(WebhookBody.TryParse(Body, out var body));
        using (body)
        {
            Assert.Empty(body!.Required("customerID", "eventType"));
            Assert.True(SourcingWebhook.TryRead(body.Root, out var payload, out _));
            Assert.StartsWith("fbx1-", SourcingWebhook.DeriveEventId(payload!), StringComparison.Ordinal);
            Assert.NotEmpty(body.Text);
        }
    }
}
