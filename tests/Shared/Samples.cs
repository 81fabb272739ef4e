using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LoanJourney.TestSupport;

/// <summary>
/// Start inputs built from <c>workflows/samples/&lt;id&gt;.json</c> (the inputs a newcomer uses), made unique per journey:
/// customer ids, partner references and app ids carry a fresh id; the mobile's last four digits pick the sandbox scenario.
/// </summary>
public static partial class Samples
{
    public const string PersonalLoan = "finbox-personal-loan";
    public const string EdiLoan = "finbox-edi-loan";
    public const string Sdk = "finbox-sdk-journey";
    public const string PayLater = "capitalfloat-paylater";
    public const string Handshake = "partner-handshake";
    public const string Repayment = "finbox-repayment";
    public const string CreditLineOrder = "finbox-credit-line-order";

    private static int _sequence = Random.Shared.Next(1000, 9000);

    public static JsonObject Load(string workflowId) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(BuiltOutputs.Workflows, "samples", workflowId + ".json"))) as JsonObject
        ?? throw new InvalidOperationException($"Sample {workflowId} is not a JSON object.");

    /// <summary>A valid 10-digit mobile whose last four digits are the scenario ("1234": happy path).</summary>
    public static string Mobile(string scenario = "1234") =>
        "9" + (Interlocked.Increment(ref _sequence) % 100_000).ToString("D5", CultureInfo.InvariantCulture) + scenario;

    /// <summary>
    /// <paramref name="prefix"/>, a dash and 12 hex digits. An id with ten decimal digits in a row (~1 % of them, e.g.
    /// <c>ORD-9040368755FC</c>) looks like a mobile number and is masked wherever the product shows it (Pii), so a test comparing
    /// it would fail by chance: such an id is drawn again.
    /// </summary>
    public static string NewId(string prefix)
    {
        while (true)
        {
            var id = $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)].ToUpperInvariant();
            if (!TenDigits().IsMatch(id))
            {
                return id;
            }
        }
    }

    [GeneratedRegex("[0-9]{10}")]
    private static partial Regex TenDigits();

    /// <summary>A FinBox Prism journey (personal or EDI loan): returns the input, its customer id and partner reference.</summary>
    public static (JsonObject Input, string CustomerId, string PartnerRef) Prism(string workflowId, string scenario = "1234")
    {
        var input = Load(workflowId);
        var customerId = NewId("E2E-PL");
        var partnerRef = NewId("REF");
        input["customerId"] = customerId;
        input["mobile"] = Mobile(scenario);
        input["partner"] = new JsonObject { ["verifiedCustomerRefId"] = partnerRef };
        input["breRetryInterval"] = "00:00:00.200";
        return (input, customerId, partnerRef);
    }

    public static (JsonObject Input, string CustomerId, string PartnerRef) SdkJourney(string scenario = "1234")
    {
        var input = Load(Sdk);
        var customerId = NewId("E2E-SDK");
        var partnerRef = NewId("REF");
        input["customerId"] = customerId;
        input["mobile"] = Mobile(scenario);
        input["partner"] = new JsonObject { ["verifiedCustomerRefId"] = partnerRef };
        return (input, customerId, partnerRef);
    }

    /// <summary>A pay-later journey: input, app id and the order id (<c>LJ-&lt;instance id&gt;</c> by default, so fixed here).</summary>
    public static (JsonObject Input, string AppId, string OrderId) PayLaterJourney(string scenario = "1234")
    {
        var input = Load(PayLater);
        var appId = NewId("CFAPP") + scenario;
        var orderId = NewId("ORD");
        input["appId"] = appId;
        input["orderId"] = orderId;
        return (input, appId, orderId);
    }

    public static (JsonObject Input, string CustomerRef, string LoanCustomerId) HandshakeJourney(string scenario = "1234")
    {
        var input = Load(Handshake);
        var customerRef = NewId("HSREF");
        var loanCustomerId = NewId("E2E-HS");
        input["customerRefId"] = customerRef;
        input["customer"]!["phone"] = Mobile(scenario);
        input["loanInput"]!["customerId"] = loanCustomerId;
        input["loanInput"]!["mobile"] = Mobile();
        return (input, customerRef, loanCustomerId);
    }
}
