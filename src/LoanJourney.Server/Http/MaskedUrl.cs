using System.Text.RegularExpressions;
using LoanJourney.Lenders.Common;

namespace LoanJourney.Server.Http;

/// <summary>A URL as logs and telemetry show it: PII patterns in the path masked, the query as parameter names without values.</summary>
internal static partial class MaskedUrl
{
    /// <summary>The request's masked path, then <c>?name=&amp;…</c> when it has a query.</summary>
    public static string PathAndQueryKeys(HttpRequest request)
    {
        var path = Path(request.Path.Value);
        return request.Query.Count == 0 ? path : path + "?" + QueryKeys(request.Query.Keys);
    }

    /// <summary>An absolute URI with its path masked and its query reduced to parameter names.</summary>
    public static string Full(Uri uri)
    {
        var keys = System.Web.HttpUtility.ParseQueryString(uri.Query).AllKeys.OfType<string>().ToList();
        return uri.GetLeftPart(UriPartial.Authority) + Path(uri.AbsolutePath) + (keys.Count == 0 ? "" : "?" + QueryKeys(keys));
    }

    /// <summary>
    /// A path with PII patterns masked, the borrower an erasure request names and the secret tokens of webhook URLs
    /// replaced by <c>***</c>.
    /// </summary>
    public static string Path(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return path ?? "";
        }

        // An erasure request's path names the borrower it erases; a webhook URL carries its secret token: never log either.
        // The embedded sandbox's customer routes name the lender's customer id, which the log masks everywhere else (walk 49:
        // the README's POST /sandbox/finbox/users/CL-1/creditline/transactions logged CL-1).
        var masked = BorrowerSegment().Replace(path, "/borrowers/***");
        masked = SandboxCustomerSegment().Replace(masked, "$1***");
        masked = WebhookToken().Replace(masked, "$1***");

        // Segment by segment, keeping the ids we issue (a journey's 32 hex digits, a UUID): ten digits inside one read as a
        // mobile number and were masked, and a log could no longer be searched for the journey it was about.
        // (A path without such an id, a webhook's or /health's, is scrubbed whole as before: one regex scan more per request.)
        masked = IssuedIdSegment().IsMatch(masked)
            ? string.Join('/', masked.Split('/').Select(segment => IssuedId().IsMatch(segment) ? segment : Pii.ScrubText(segment)))
            : Pii.ScrubText(masked);
        return EscapeControls(masked);
    }

    /// <summary><c>name=&amp;other=</c>: the names masked for PII patterns, no values.</summary>
    public static string QueryKeys(IEnumerable<string> keys) => string.Join('&', keys.Select(k => EscapeControls(Pii.ScrubText(k)) + "="));

    /// <summary>
    /// Control characters written as <c>\u000a</c>: a path is decoded before it reaches us, so <c>%0A</c> in a URL, sent by
    /// anyone and before any credential is checked, would otherwise end the console's line and start a forged one.
    /// </summary>
    private static string EscapeControls(string text) => ControlCharacter().Replace(text, m => $"\\u{(int)m.Value[0]:x4}");

    [GeneratedRegex(@"\p{Cc}", RegexOptions.CultureInvariant)]
    private static partial Regex ControlCharacter();

    [GeneratedRegex("^(?:[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex IssuedId();

    [GeneratedRegex("(?:^|/)(?:[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:/|$)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex IssuedIdSegment();

    [GeneratedRegex("/borrowers/[^/]+", RegexOptions.CultureInvariant)]
    private static partial Regex BorrowerSegment();

    [GeneratedRegex("^(/sandbox/(?:counters|finbox/users)/)[^/]+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SandboxCustomerSegment();

    [GeneratedRegex("^(/webhooks/(?:finbox|partner/handshake/[^/]+)/)[^/]+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex WebhookToken();
}
