using System.Collections.Concurrent;

namespace LoanJourney.Activities.Tests.TestSupport;

/// <summary>
/// Simulates a crash after a request was sent: the request reaches the lender, then the answer is lost (the client sees
/// a broken connection). Armed per path, once.
/// </summary>
internal sealed class AnswerDropper
{
    private readonly ConcurrentDictionary<string, int> _armed = new(StringComparer.Ordinal);

    /// <summary>Drops the answer of the next <paramref name="times"/> requests whose path ends with <paramref name="pathSuffix"/> and method is <paramref name="method"/>.</summary>
    public void Arm(string method, string pathSuffix, int times = 1) => _armed[method + " " + pathSuffix] = times;

    /// <summary>
    /// Refuses the connection of the next <paramref name="times"/> such requests: they fail as SocketsHttpHandler fails a refused
    /// connect (<see cref="HttpRequestError.ConnectionError"/>), and nothing reaches the lender.
    /// </summary>
    public void ArmRefusal(string method, string pathSuffix, int times = 1) => _armed["refuse " + method + " " + pathSuffix] = times;

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
            if (!armed.StartsWith(mode, StringComparison.Ordinal) || (mode.Length == 0 && armed.StartsWith("refuse ", StringComparison.Ordinal)))
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
