using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LoanJourney.Engine.Errors;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Runtime;
using LoanJourney.Lenders.Common;

namespace LoanJourney.Server.Privacy;

/// <summary>
/// The borrower's own personal values (name, date of birth, address lines, account numbers, IP address…) as their
/// journeys' inputs hold them, so that an erasure's reason can be written without them (walk 45). Pattern scrubbing
/// (<c>Pii.ScrubText</c>) cannot tell a name or an address from other words; at the erasure the server knows exactly which
/// words are this borrower's, and the reason goes into audit entries that outlive the erasure.
/// </summary>
internal static class BorrowerValues
{
    // Shorter values ("Al", a one-letter initial) would mask ordinary letters of the reason.
    private const int MinLength = 3;
    private const int Page = 200;
    private const string Mask = "***";

    // A bank list's entries name banks, not people (JsonBodyMasker's organisation containers).
    private static readonly HashSet<string> OrganisationContainers = new(StringComparer.OrdinalIgnoreCase) { "banks" };

    /// <summary>The personal values in the inputs of the borrower's journeys not yet redacted (correlation id = customer id).</summary>
    public static async Task<IReadOnlyCollection<string>> OfAsync(string customerId, IWorkflowClient client, CancellationToken cancellationToken)
    {
        var values = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var skip = 0; ; skip += Page)
        {
            var page = await client.ListInstancesAsync(new InstanceQuery { CorrelationId = customerId, Skip = skip, Take = Page, Descending = false }, cancellationToken);
            foreach (var journey in page.Items)
            {
                try
                {
                    Collect((await client.GetInstanceDetailAsync(journey.Id, cancellationToken)).Input, values);
                }
                catch (Exception e) when (e is InstanceUnreadableException or InstanceNotFoundException)
                {
                    // Unreadable (its keys lost) or gone since the list: nothing of it can be quoted back; pattern masking still applies.
                }
            }

            if (page.Items.Count < Page)
            {
                return values;
            }
        }
    }

    /// <summary>
    /// The mask retention applies to the reasons of the audit entries about a journey it redacts (session 52): the values of
    /// its own input, as the erasure masks them, and its correlation id (the customer id), as the erasure writes it (<c>***</c>).
    /// </summary>
    public static Func<string, string> ForJourney(string inputJson, string? correlationId)
    {
        var values = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        try
        {
            Collect(JsonNode.Parse(inputJson), values);
        }
        catch (JsonException)
        {
            // Not JSON (never written so by the engine): no values to know, the customer id is still masked.
        }

        return text => MaskIn(string.IsNullOrEmpty(correlationId) ? text : PrivacyApi.WithoutCustomerId(text, correlationId), values);
    }

    /// <summary>
    /// Adds the values of the fields <see cref="JsonBodyMasker"/> masks by name, and each word of a name; not documents, and not
    /// what pattern masking already finds (PAN, Aadhaar, mobile, email, GSTIN).
    /// </summary>
    public static void Collect(JsonNode? node, ISet<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    var rule = JsonBodyMasker.RuleFor(name);
                    if (child is JsonValue value && !PatternMasked(rule) && rule is not (PiiRule.None or PiiRule.Document))
                    {
                        Add(Text(value), rule, values);
                    }
                    else if (!OrganisationContainers.Contains(name) && rule != PiiRule.Document)
                    {
                        Collect(child, values);
                    }
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Collect(child, values);
                }

                break;
        }
    }

    /// <summary>
    /// The text with each of the values (whatever its case, the longest first) replaced by <c>***</c> where it stands as a
    /// word of its own: a name's "2468" inside a mobile number, or "Rao" inside another word, is left for pattern masking.
    /// </summary>
    public static string MaskIn(string text, IReadOnlyCollection<string> values)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(values);
        foreach (var value in values.OrderByDescending(v => v.Length).ThenBy(v => v, StringComparer.Ordinal))
        {
            text = Regex.Replace(text, @"(?<![\p{L}\p{N}])" + Regex.Escape(value) + @"(?![\p{L}\p{N}])", Mask,
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }

        return text;
    }

    // What Pii.ScrubText already finds by pattern, in every form (with +91, spaces, lower case), and masks the way the rest of the
    // product shows it (XXXXXX3210, r***@example.com): left to it, so the reason reads as every other masked text.
    private static bool PatternMasked(PiiRule rule) => rule is PiiRule.Pan or PiiRule.Aadhaar or PiiRule.Mobile or PiiRule.Email or PiiRule.Gstin;

    private static string? Text(JsonValue value) => value.GetValueKind() switch
    {
        JsonValueKind.String => value.GetValue<string>(),
        JsonValueKind.Number => value.ToJsonString(),
        _ => null,
    };

    private static void Add(string? text, PiiRule rule, ISet<string> values)
    {
        text = text?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length < MinLength || text == Mask)
        {
            return;
        }

        values.Add(text);
        if (rule == PiiRule.Name)
        {
            // "Mrs Iyer", "Meera": a reason quotes a part of the name as often as all of it.
            foreach (var word in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (word.Length >= MinLength)
                {
                    values.Add(word);
                }
            }
        }
    }
}
