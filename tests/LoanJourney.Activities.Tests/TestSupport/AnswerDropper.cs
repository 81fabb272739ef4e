using System.Collections.Concurrent;

namespace LoanJourney.Activities.Tests.TestSupport;

/// <summary>
/// Simulates a crash after a request was sent: the request reaches the lender, then the answer is lost (the client sees
/// a broken connection). Armed per path, once.
/// </summary>
internal sealed class AnswerDropper
{
    private readonly ConcurrentDictionary<string, int> _armed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (int Status, string Body)> _replacements = new(StringComparer.Ordinal);

    /// <summary>Drops the answer of the next <paramref name="times"/> requests whose path ends with <paramref name="pathSuffix"/> and method is <paramref name="method"/>.</summary>
    public void Arm(string method, string pathSuffix, int times = 1) => _armed[method + " " + pathSuffix] = times;

    /// <summary>
    /// Refuses the connection of the next <paramref name="times"/> such requests: they fail as SocketsHttpHandler fails a refused
    /// connect (<see cref="HttpRequestError.ConnectionError"/>), and nothing reaches the lender.
    /// </summary>
    public void ArmRefusal(string method, string pathSuffix, int times = 1) => _armed["refuse " + method + " " + pathSuffix] = times;

    /// <summary>
    /// Lets the next <paramref name="times"/> such requests reach the lender (it acts on them), then hands the client
    /// <paramref name="status"/> with <paramref name="body"/> instead of the lender's answer: a gateway's 504 after the
    /// lender acted, or the lender's own "timed out" error.
    /// </summary>
    public void ArmReplacement(string method, string pathSuffix, int status, string body = "", int times = 1)
    {
        _replacements[method + " " + pathSuffix] = (status, body);
        _armed["replace " + method + " " + pathSuffix] = times;
    }

    /// <summary>The answer to hand the client instead of the lender's, when armed for this request.</summary>
    public (int Status, string Body)? Replacement(HttpRequestMessage request)
    {
        foreach (var (key, answer) in _replacements)
        {
            var space = key.IndexOf(' ', StringComparison.Ordinal);
            if (request.Method.Method == key[..space] && request.RequestUri!.AbsolutePath.EndsWith(key[(space + 1)..], StringComparison.Ordinal)
                && Take(request, "replace "))
            {
                return answer;
            }
        }

        return null;
    }

    public bool ShouldRefuse(HttpRequestMessage request) => Take(request, "refuse ");

    public bool ShouldDrop(HttpRequestMessage request) => Take(request, "");

    /// <summary>
    /// While set, a FinBox duplicate answer (<c>FBX-S-208</c>) reaches the client without its <c>data</c>: the document
    /// promises no reference in that answer, and this is the answer the journey must then not guess around.
    /// </summary>
    public bool StripDuplicateAnswerData { get; set; }

    /// <summary>The referenceIDs stripped from duplicate answers: what the lender's operations desk would tell the operator.</summary>
    public ConcurrentQueue<string> StrippedReferences { get; } = new();

    private bool Take(HttpRequestMessage request, string mode)
    {
        foreach (var (armed, left) in _armed)
        {
            if (!armed.StartsWith(mode, StringComparison.Ordinal)
                || (mode.Length == 0 && (armed.StartsWith("refuse ", StringComparison.Ordinal) || armed.StartsWith("replace ", StringComparison.Ordinal))))
            {
                continue;
            }

            var key = armed[mode.Length..];
            var space = key.IndexOf(' ', StringComparison.Ordinal);
            if (left > 0 && request.Method.Method == key[..space] && request.RequestUri!.AbsolutePath.EndsWith(key[(space + 1)..], StringComparison.Ordinal)
                && _armed.TryUpdate(armed, left - 1, left))
            {
                return true;
            }
        }

        return false;
    }
}
