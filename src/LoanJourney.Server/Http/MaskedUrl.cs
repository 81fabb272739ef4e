using LoanJourney.Lenders.Common;

namespace LoanJourney.Server.Http;

/// <summary>A URL as logs and telemetry show it: PII patterns in the path masked, the query as parameter names without values.</summary>
internal static class MaskedUrl
{
    /// <summary>The request's masked path, then <c>?name=&amp;…</c> when it has a query.</summary>
    public static string PathAndQueryKeys(HttpRequest request)
    {
        var path = Pii.ScrubText(request.Path.Value);
        return request.Query.Count == 0 ? path : path + "?" + QueryKeys(request.Query.Keys);
    }

    /// <summary>An absolute URI with its path masked and its query reduced to parameter names.</summary>
    public static string Full(Uri uri)
    {
        var keys = System.Web.HttpUtility.ParseQueryString(uri.Query).AllKeys.OfType<string>().ToList();
        return uri.GetLeftPart(UriPartial.Authority) + Pii.ScrubText(uri.AbsolutePath) + (keys.Count == 0 ? "" : "?" + QueryKeys(keys));
    }

    /// <summary><c>name=&amp;other=</c>: the names masked for PII patterns, no values.</summary>
    public static string QueryKeys(IEnumerable<string> keys) => string.Join('&', keys.Select(k => Pii.ScrubText(k) + "="));
}
