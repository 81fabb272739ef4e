using System.Text.RegularExpressions;
using LoanJourney.Engine.Storage;
using LoanJourney.Server.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption.ConfigurationModel;

namespace LoanJourney.Server.Tests.Hosting;

/// <summary>
/// The server's payload protector writes <c>enc:v1:</c> and Data Protection's base64url text into one string (round 50 of
/// docs/PERFORMANCE.md): the stored value is what it was (Data Protection's own <c>Unprotect(string)</c> reads what follows
/// the prefix), and a protected write allocates no second copy of it.
/// </summary>
public sealed class DataProtectionPayloadProtectorTests : IDisposable
{
    // A webhook's body as the ingest bench posts it: what the inbox stores protected.
    private const string Webhook =
        """{"customerID":"BENCH-run-17","eventType":"LOAN_DISBURSED","entityType":"loan","loanApplicationID":"LA-17","loggedAt":"2026-01-10T10:00:00Z","journeyType":"PERSONAL_LOAN","source":"bench","eventDescription":"bench event"}""";

    private readonly DirectoryInfo _keys = Directory.CreateTempSubdirectory("lj-dpp-");
    private readonly IDataProtectionProvider _provider;

    public DataProtectionPayloadProtectorTests() =>
        _provider = DataProtectionProvider.Create(_keys, b => b.SetApplicationName("LoanJourney.Server")
            .UseCryptographicAlgorithms(new AuthenticatedEncryptorConfiguration { EncryptionAlgorithm = EncryptionAlgorithm.AES_256_GCM }));

    public void Dispose() => _keys.Delete(recursive: true);

    [Theory]
    [InlineData(Webhook)]
    [InlineData("{}")]
    [InlineData("""{"name":"Ünïcødé ₹ 💸"}""")]
    public void Protect_WritesThePrefixAndDataProtectionsOwnText_ThatBothUnprotectsRead(string plaintext)
    {
        var stored = new DataProtectionPayloadProtector(_provider).Protect(plaintext);

        Assert.Matches(new Regex("^enc:v1:[A-Za-z0-9_-]+$"), stored);
        Assert.Equal(plaintext, _provider.CreateProtector(DataProtectionPayloadProtector.Purpose).Unprotect(stored[PayloadProtection.Prefix.Length..]));
        Assert.Equal(plaintext, new DataProtectionPayloadProtector(_provider).Unprotect(stored));
        Assert.Equal(stored, new DataProtectionPayloadProtector(_provider).Protect(stored));
    }

    [Fact]
    public void Protect_OfTextThatIsNotUnicode_FailsAsDataProtectionsOwnProtectDoes()
    {
        const string loneSurrogate = "{\"name\":\"A\ud800B\"}";
        var expected = Record.Exception(() => _provider.CreateProtector(DataProtectionPayloadProtector.Purpose).Protect(loneSurrogate));

        var thrown = Record.Exception(() => new DataProtectionPayloadProtector(_provider).Protect(loneSurrogate));

        Assert.NotNull(expected);
        Assert.IsType(expected.GetType(), thrown);
    }

    // Structural, not timed: a protected write allocates what Data Protection's own Protect(string) does (the text's bytes, the
    // protected bytes, one string) and the prefix's few characters — not the extension's string and then a copy of it behind
    // the prefix (~2 × 2 bytes per character of the protected text: 900 bytes more for this body before round 50).
    [Fact]
    public void Protect_AllocatesOneStringForTheStoredValue_NotACopyBehindThePrefix()
    {
        var ours = new DataProtectionPayloadProtector(_provider);
        var theirs = _provider.CreateProtector(DataProtectionPayloadProtector.Purpose);

        var library = AllocatedPerCall(() => theirs.Protect(Webhook));
        var protector = AllocatedPerCall(() => ours.Protect(Webhook));

        Assert.True(protector <= library + 64, $"Protect allocated {protector} bytes per call; Data Protection's own Protect(string) {library}.");
    }

    private static long AllocatedPerCall(Func<string> protect)
    {
        const int Calls = 200;
        for (var i = 0; i < Calls; i++)
        {
            protect();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Calls; i++)
        {
            protect();
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / Calls;
    }
}
