using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LoanJourney.Lenders.Common;

/// <summary>
/// Masks known sensitive fields anywhere in a JSON document, by field name (case, <c>_</c> and <c>-</c> ignored), and scrubs PII
/// patterns from every other string. Used for logs, for the masked bodies of <see cref="LenderCallRecord"/> and for the
/// management API's views of a journey (its input, variables, incident details). A field whose name ends in <c>Base64</c>
/// (<c>podBase64</c>, <c>invoiceBase64</c>, a file's <c>contentBase64</c>) is document content, however short.
/// A <c>name</c> or <c>fullName</c> inside a bank list's entry (a bank, not a person: <see cref="OrganisationContainers"/>)
/// is kept; everywhere else it is a person's name.
/// <para>
/// Two forms. <see cref="Mask"/> is the journal's: a customer id, an application or order id stays readable for the operator,
/// because the journal body goes with the journey at retention and erasure. <see cref="MaskForLog"/> is the log's: the same
/// rules, and every field in <see cref="Identifiers"/> also becomes <c>***</c>, because a log file outlives an erasure (it goes
/// after <c>Serilog:File:RetainedFiles</c> days), as <see cref="LenderPath.ForLog"/> does for query values.
/// </para>
/// </summary>
public static class JsonBodyMasker
{
    /// <summary>Strings longer than this are treated as document content whatever their name.</summary>
    public const int MaxStringLength = 2048;

    private static readonly Dictionary<string, PiiRule> Rules = new(StringComparer.Ordinal)
    {
        ["otp"] = PiiRule.Remove,
        ["apikey"] = PiiRule.Remove,
        ["xapikey"] = PiiRule.Remove,
        ["serverapikey"] = PiiRule.Remove,
        ["authorization"] = PiiRule.Remove,
        ["password"] = PiiRule.Remove,
        ["pdfpassword"] = PiiRule.Remove,
        ["token"] = PiiRule.Remove,
        ["xpartnertoken"] = PiiRule.Remove,
        ["secret"] = PiiRule.Remove,
        ["pan"] = PiiRule.Pan,
        ["aadhaar"] = PiiRule.Aadhaar,
        ["aadhar"] = PiiRule.Aadhaar,
        ["aadhaarnumber"] = PiiRule.Aadhaar,
        ["uid"] = PiiRule.Aadhaar,
        ["mobile"] = PiiRule.Mobile,
        ["mobilenumber"] = PiiRule.Mobile,
        ["phone"] = PiiRule.Mobile,
        ["reference1contact"] = PiiRule.Mobile,
        ["email"] = PiiRule.Email,
        ["emailid"] = PiiRule.Email,
        ["accountnumber"] = PiiRule.AccountNumber,
        ["bankaccountnumber"] = PiiRule.AccountNumber,
        ["cfbankacctno"] = PiiRule.AccountNumber,
        ["gstin"] = PiiRule.Gstin,
        ["name"] = PiiRule.Name,
        ["customername"] = PiiRule.Name,
        ["fullname"] = PiiRule.Name,
        ["accountholdername"] = PiiRule.Name,
        ["fathersname"] = PiiRule.Name,
        ["reference1name"] = PiiRule.Name,
        ["reference1contactname"] = PiiRule.Name,

        // The partner handshake's customer_attrs.business_name: a sole proprietor's business is often the borrower's name
        // ("Ravi Stores"), masked like EDI's businessDetails.name and a pay-later agent's name (walk 52: shown and logged whole).
        ["businessname"] = PiiRule.Name,
        ["dob"] = PiiRule.Full,
        ["dateofbirth"] = PiiRule.Full,
        ["line1"] = PiiRule.Full,
        ["line2"] = PiiRule.Full,
        ["currentaddressline1"] = PiiRule.Full,
        ["currentaddressline2"] = PiiRule.Full,
        ["resiaddress"] = PiiRule.Full,
        ["bizaddress"] = PiiRule.Full,
        ["address"] = PiiRule.Full,
        ["currentaddress"] = PiiRule.Full,
        ["landmark"] = PiiRule.Full,
        ["locality"] = PiiRule.Full,
        ["latitude"] = PiiRule.Full,
        ["longitude"] = PiiRule.Full,
        ["employmentorganization"] = PiiRule.Full,
        ["ipaddress"] = PiiRule.IpAddress,
        ["uan"] = PiiRule.LastFour,
        ["digilockeraadhaarxml"] = PiiRule.Document,
        ["selfie"] = PiiRule.Document,
        ["agreement"] = PiiRule.Document,
        ["businessproofdoc"] = PiiRule.Document,
        ["files"] = PiiRule.Document,
    };

    // The ids by which a lender knows the borrower or the borrower's loan (normalised names): kept in the journal, *** in a log line.
    // FinBox: the customer id we give, its application and loan ids, the UTR of the disbursal; Capital Float: the app, order,
    // sub-order, tranche, LAN, sanction and agent ids; the partner: its customer references and the handshake id.
    private static readonly HashSet<string> Identifiers = new(StringComparer.Ordinal)
    {
        "customerid", "loanapplicationid", "loanapplicationids", "loanapplicationnum", "loanaccountnumber", "utrnumber", "disbursalutr",
        "appid", "orderid", "suborderid", "trancheid", "lan", "sanctionid", "agentid", "partnertxnid",
        "verifiedcustomerrefid", "capturedcustomerrefid", "handshakeid",
    };

    private const string LogMask = "***";

    // The lenders' and the journeys' own name for a file's bytes in a JSON body: one suffix, not a list of fields.
    private const string DocumentSuffix = "base64";

    // Objects under these fields describe an organisation (the bank list's entries): their name is not personal. A pay-later
    // agent is not one of them: the seed shows a company, but an agent may be a person (a sole proprietor), so it stays masked.
    private static readonly HashSet<string> OrganisationContainers = new(StringComparer.Ordinal) { "banks" };

    // A person's name in a person's record; an organisation's in one of OrganisationContainers.
    private static readonly HashSet<string> NameFields = new(StringComparer.Ordinal) { "name", "fullname" };

    /// <summary>The rule for a field name.</summary>
    public static PiiRule RuleFor(string fieldName) => RuleForNormalised(Normalise(fieldName));

    private static PiiRule RuleForNormalised(string field) =>
        Rules.TryGetValue(field, out var rule) ? rule
        : field.EndsWith(DocumentSuffix, StringComparison.Ordinal) ? PiiRule.Document
        : PiiRule.None;

    private static string Normalise(string fieldName)
    {
        ArgumentNullException.ThrowIfNull(fieldName);
        Span<char> buffer = stackalloc char[Math.Min(fieldName.Length, 128)];
        var length = 0;
        foreach (var c in fieldName)
        {
            if (c is '_' or '-' || length == buffer.Length)
            {
                continue;
            }

            buffer[length++] = char.ToLowerInvariant(c);
        }

        return new string(buffer[..length]);
    }

    /// <summary>Masks one value of a named field; null when the field must be removed.</summary>
    public static string? MaskValue(string fieldName, string? value) => Apply(RuleFor(fieldName), value);

    /// <summary>Masks a JSON document for the journal; text that is not JSON is PII-scrubbed and truncated.</summary>
    public static string Mask(string? body) => MaskBody(body, forLog: false);

    /// <summary>
    /// Masks a JSON document for a log line: as <see cref="Mask"/>, and the borrower's ids at the lender (<see cref="Identifiers"/>)
    /// become <c>***</c>, and every credential (<see cref="SecretValues"/>: <c>accessToken</c>, <c>client_secret</c>, at any depth)
    /// <c>••••</c> and its last four. Idempotent, so a body already in the journal's form may be passed.
    /// </summary>
    public static string MaskForLog(string? body) => MaskBody(body, forLog: true);

    private static string MaskBody(string? body, bool forLog)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return body ?? string.Empty;
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body, documentOptions: LenderJson.DocumentOptions);
        }
        catch (JsonException)
        {
            var scrubbed = Pii.ScrubText(body);
            return scrubbed.Length > MaxStringLength ? DocumentNote(scrubbed.Length) : scrubbed;
        }

        // A log line outlives every answer: its credentials are masked whoever reads it (SecretValues), beside the fields removed.
        return MaskNode(forLog ? SecretValues.Mask(root) : root, organisation: false, forLog)?.ToJsonString() ?? "null";
    }

    /// <summary>Masks a parsed JSON node in place and returns it (or its replacement).</summary>
    public static JsonNode? MaskNode(JsonNode? node) => MaskNode(node, organisation: false, forLog: false);

    /// <summary>
    /// Masks a journey's own data for an answer (its variables, input, a step's output, an incident's details), in place, as
    /// <see cref="MaskNode(JsonNode?)"/> does, except that a field <see cref="SecretValues"/> judges a credential (<c>token</c>,
    /// <c>otp</c>, <c>apiKey</c>…) is left as the caller passed it, with everything below it: the caller has masked it with
    /// <see cref="SecretValues.Mask"/>, or its reader reads it whole (a partner on its own journey). Removing it by its name, as
    /// a lender body and a log line do, hid a journey's <c>token</c> variable from the partner that owns it while
    /// <c>partner.token</c> showed it (session 54; docs/server.md, "Secrets in answers"). Credentials <see cref="SecretValues"/>
    /// does not judge so (<c>authorization</c>) are removed as before.
    /// </summary>
    public static JsonNode? MaskJourneyData(JsonNode? node) => MaskNode(node, organisation: false, forLog: false, secretsDone: true);

    private static JsonNode? MaskNode(JsonNode? node, bool organisation, bool forLog, bool secretsDone = false)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj.ToArray())
                {
                    if (secretsDone && SecretValues.IsSecretKey(name))
                    {
                        continue;
                    }

                    var field = Normalise(name);
                    var rule = organisation && NameFields.Contains(field) ? PiiRule.None : RuleForNormalised(field);
                    if (rule == PiiRule.Remove)
                    {
                        obj.Remove(name);
                    }
                    else if (forLog && Identifiers.Contains(field))
                    {
                        obj[name] = MaskIdentifiers(child);
                    }
                    else if (child is JsonValue value && rule != PiiRule.None)
                    {
                        obj[name] = Apply(rule, ValueText(value));
                    }
                    else
                    {
                        JsonInPlace.Replace(obj, name, child, MaskNode(child, organisation || OrganisationContainers.Contains(field), forLog, secretsDone));
                    }
                }

                return obj;
            case JsonArray array:
                return JsonInPlace.MapItems(array, child => MaskNode(child, organisation, forLog, secretsDone));
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                var text = StringOf(value);
                var scrubbed = text.Length > MaxStringLength ? DocumentNote(text.Length) : Pii.ScrubText(text);
                return scrubbed == text ? value : JsonValue.Create(scrubbed);
            default:
                return node;
        }
    }

    // An id, or a list of ids (FinBox's loanApplicationIDs): every value *** , the shape kept; null stays null (nothing to hide).
    private static JsonNode? MaskIdentifiers(JsonNode? node) => node switch
    {
        null => null,
        JsonArray array => new JsonArray(array.Select(MaskIdentifiers).ToArray()),
        JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, MaskIdentifiers(p.Value)))),
        _ => JsonValue.Create(LogMask),
    };

    /// <summary>The category of a journey's ids at the lender (<see cref="Identifiers"/>) in <see cref="Categories"/>.</summary>
    public const string IdentifierCategory = "customer and loan ids";

    // Dates of birth, address lines, coordinates and the employer share PiiRule.Full (masked whole); a data principal is told which.
    private static readonly Dictionary<string, string> FullCategories = new(StringComparer.Ordinal)
    {
        ["dob"] = "date of birth",
        ["dateofbirth"] = "date of birth",
        ["latitude"] = "location",
        ["longitude"] = "location",
        ["employmentorganization"] = "employer",
    };

    /// <summary>
    /// The categories of personal data a JSON document holds, by its field names as the masker reads them (never by a value):
    /// <c>PAN</c>, <c>mobile number</c>, <c>name</c>, <c>address</c>, <c>documents</c>, <see cref="IdentifierCategory"/>…, sorted.
    /// A name inside a bank list's entry is a bank's, not a category; secrets the masker removes (OTP, keys) are not personal data
    /// of the borrower's and are not named. The DPDP Act's access report (docs/server.md, "Access report") lists these.
    /// </summary>
    public static IReadOnlyList<string> Categories(JsonNode? node)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        CollectCategories(node, organisation: false, found);
        return found.ToList();
    }

    /// <summary>The category of one field name (<see cref="Categories"/>), or null when the field is not personal data.</summary>
    public static string? CategoryOf(string fieldName)
    {
        var field = Normalise(fieldName);
        return Identifiers.Contains(field) ? IdentifierCategory : CategoryOf(field, RuleForNormalised(field));
    }

    private static string? CategoryOf(string field, PiiRule rule) => rule switch
    {
        PiiRule.Pan => "PAN",
        PiiRule.Aadhaar => "Aadhaar number",
        PiiRule.Mobile => "mobile number",
        PiiRule.Email => "email address",
        PiiRule.AccountNumber => "bank account number",
        PiiRule.Gstin => "GSTIN",
        PiiRule.Name => "name",
        PiiRule.Full => FullCategories.GetValueOrDefault(field, "address"),
        PiiRule.IpAddress => "IP address",
        PiiRule.LastFour => "UAN",
        PiiRule.Document => "documents",
        _ => null,
    };

    private static void CollectCategories(JsonNode? node, bool organisation, SortedSet<string> found)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    var field = Normalise(name);
                    if (child is null || (child is JsonValue v && v.GetValueKind() == JsonValueKind.String && StringOf(v).Length == 0))
                    {
                        continue; // a field sent empty or null carries nothing of the borrower's
                    }

                    var rule = organisation && NameFields.Contains(field) ? PiiRule.None : RuleForNormalised(field);
                    if (Identifiers.Contains(field))
                    {
                        found.Add(IdentifierCategory);
                    }
                    else if (CategoryOf(field, rule) is { } category)
                    {
                        found.Add(category);
                    }

                    if (rule is PiiRule.None)
                    {
                        CollectCategories(child, organisation || OrganisationContainers.Contains(field), found);
                    }
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    CollectCategories(child, organisation, found);
                }

                break;
        }
    }

    // The text of a value whose JSON kind is a string. A node built in code may hold a CLR value that is written as a JSON
    // string (a DateTimeOffset, a Guid, an enum) and that GetValue<string> refuses; its JSON text, parsed, is that string.
    // Session 47: a test run's step output holding a DateTimeOffset made the masker throw and failed the runner.
    private static string StringOf(JsonValue value) =>
        value.TryGetValue<string>(out var text) ? text : JsonNode.Parse(value.ToJsonString())!.GetValue<string>();

    /// <summary>The note that replaces document content.</summary>
    public static string DocumentNote(long length) => string.Create(CultureInfo.InvariantCulture, $"[document omitted: {length} chars]");

    private static string? ValueText(JsonValue value) => value.GetValueKind() switch
    {
        JsonValueKind.String => StringOf(value),
        JsonValueKind.Null => null,
        _ => value.ToJsonString(),
    };

    private static string? Apply(PiiRule rule, string? value)
    {
        if (value is null)
        {
            return rule == PiiRule.Remove ? null : value;
        }

        return rule switch
        {
            PiiRule.Remove => null,
            PiiRule.Pan => Pii.MaskPan(value),
            PiiRule.Aadhaar => Pii.MaskAadhaar(value),
            PiiRule.Mobile => Pii.MaskMobile(value),
            PiiRule.Email => Pii.MaskEmail(value),
            PiiRule.AccountNumber => Pii.MaskAccountNumber(value),
            PiiRule.Gstin => Pii.MaskGstin(value),
            PiiRule.Name => Pii.MaskName(value),
            PiiRule.Full => Pii.MaskAll(value),
            PiiRule.IpAddress => Pii.MaskIpAddress(value),
            PiiRule.LastFour => Pii.MaskIdentifier(value),
            // A small file is still a file (a test JPEG is 8 base64 characters): only an empty field has nothing to hide.
            PiiRule.Document => value.Length == 0 ? value : DocumentNote(value.Length),
            _ => value.Length > MaxStringLength ? DocumentNote(value.Length) : Pii.ScrubText(value),
        };
    }
}
