using System.Text.Json.Nodes;
using LoanJourney.Engine.Storage;
using LoanJourney.Engine.Tests.Support;

namespace LoanJourney.Engine.Tests.Storage;

public sealed class PackedPayloadTests
{
    // Round 45 (issue 17): Brotli's quality changes no format byte and no stream format. A payload packed at quality 11
    // (main until round 45) reads back exactly, and today's quality stays within a tenth of quality 11's stored bytes (the
    // margin under issue 17's 11.5 KB per journey). Bytes, never time.
    [Fact]
    public void APayloadPackedAtQuality11_ReadsBackExactly_AndTodaysQualityIsWithinATenthOfItsBytes()
    {
        var protector = new TestPayloadProtector();
        var (input, outputs) = PersonalLoanPayloads();
        long old = 0, today = 0;
        foreach (var json in new[] { input, outputs })
        {
            var stored = protector.Protect(json);
            var packed11 = PackedPayload.Pack(protector, stored, quality: 11, window: 22)!;
            var packed = PackedPayload.Pack(protector, stored)!;

            Assert.StartsWith(PackedPayload.Prefix, packed11, StringComparison.Ordinal);
            Assert.Equal(json, PackedPayload.Unprotect(protector, packed11));
            Assert.Equal(json, PackedPayload.Unprotect(protector, packed));
            (old, today) = (old + packed11.Length, today + packed.Length);
        }

        Assert.True(today * 10 <= old * 11, $"quality {PackedPayload.Quality} (window {PackedPayload.Window}): {today} stored bytes; quality 11: {old}");
    }

    // A personal loan's input and outputs as the sandbox's finbox journey leaves them: a borrower, the loan, addresses, and
    // each lender step's answer with its own reference ids and times.
    private static (string Input, string Outputs) PersonalLoanPayloads()
    {
        var random = new Random(45);
        string Hex(int n) => Convert.ToHexString(BitConverter.GetBytes(random.NextInt64()))[..n].ToLowerInvariant();
        var input = new JsonObject
        {
            ["customerId"] = "CUST-" + Hex(10),
            ["name"] = "Asha Raman",
            ["mobile"] = "98" + random.Next(10_000_000, 99_999_999),
            ["email"] = "asha.raman" + random.Next(1000) + "@example.in",
            ["pan"] = "ABCPR" + random.Next(1000, 9999) + "K",
            ["dob"] = "1991-04-17",
            ["employment"] = new JsonObject { ["type"] = "salaried", ["employer"] = "Infosys Limited", ["monthlyIncome"] = 86_500 },
            ["loan"] = new JsonObject { ["amount"] = 250_000, ["tenureMonths"] = 24, ["purpose"] = "home renovation" },
            ["addresses"] = new JsonArray([.. Enumerable.Range(1, 2).Select(i => (JsonNode)new JsonObject
                { ["type"] = i == 1 ? "current" : "permanent", ["line1"] = $"{random.Next(1, 400)} MG Road", ["city"] = "Bengaluru", ["pincode"] = "5600" + random.Next(10, 99), ["state"] = "KA" })]),
            ["consent"] = new JsonObject { ["bureau"] = true, ["at"] = "2026-12-07T11:4" + random.Next(10) + ":12.3" + random.Next(10, 99) + "Z", ["ip"] = "10.1.2." + random.Next(255) },
        };
        var outputs = new JsonObject();
        foreach (var step in new[] { "createUser", "bureau", "bre", "offers", "selectOffer", "kyc", "bank", "mandate", "agreement", "disbursal" })
        {
            outputs[step] = new JsonObject
            {
                ["status"] = "SUCCESS",
                ["referenceID"] = $"{Hex(8)}-{Hex(4)}-{Hex(4)}-{Hex(4)}-{Hex(12)}",
                ["customerID"] = input["customerId"]!.GetValue<string>(),
                ["updatedAt"] = $"2026-12-07T11:{random.Next(40, 59)}:{random.Next(10, 59)}.{random.Next(100, 999)}Z",
                ["data"] = step switch
                {
                    "bureau" => new JsonObject { ["score"] = random.Next(650, 850), ["activeLoans"] = random.Next(0, 4), ["enquiries90d"] = random.Next(0, 6) },
                    "offers" => new JsonArray([.. Enumerable.Range(1, 3).Select(i => (JsonNode)new JsonObject
                        { ["offerId"] = Hex(10), ["amount"] = 100_000 * i, ["rate"] = 13.5 + i, ["tenureMonths"] = 12 * i, ["processingFee"] = 1_499 * i })]),
                    "disbursal" => new JsonObject { ["utr"] = "UTR" + Hex(12).ToUpperInvariant(), ["amount"] = 250_000, ["account"] = "XXXXXX" + random.Next(1000, 9999) },
                    _ => new JsonObject { ["message"] = step + " done" },
                },
            };
        }

        return (input.ToJsonString(), outputs.ToJsonString());
    }
}
