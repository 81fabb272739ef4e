using System.Globalization;

namespace LoanJourney.Engine.Model;

/// <summary>
/// Where a page of a workflow's faulted journeys in triage order ended (keyset paging, <see cref="FaultedPage"/>): money
/// questions awaiting a decision first, then the other faults, each run by when it faulted, ties by id. The next page is the
/// rows after it, a range of the faulted index, so a later page costs what the first does. Clients see it as an opaque
/// token (<see cref="Encode"/>), of another kind than the instance list's (<see cref="InstanceCursor"/>).
/// </summary>
/// <param name="AwaitsDecision">The last row was a money question awaiting the operator's decision.</param>
/// <param name="FaultedAt">When the last row faulted.</param>
/// <param name="Id">The last row's id.</param>
public sealed record FaultedCursor(bool AwaitsDecision, DateTimeOffset FaultedAt, string Id)
{
    private const string Kind = "f";

    /// <summary>The opaque token: base64url of <c>f|rank|ms|id</c> (rank 0 for a money question, 1 for another fault).</summary>
    public string Encode() =>
        CursorToken.Encode(string.Create(CultureInfo.InvariantCulture, $"{Kind}|{(AwaitsDecision ? 0 : 1)}|{FaultedAt.ToUnixTimeMilliseconds()}|{Id}"));

    /// <summary>Reads a token made by <see cref="Encode"/>; false for anything else (an instance list's cursor included).</summary>
    public static bool TryDecode(string token, out FaultedCursor? cursor)
    {
        cursor = null;
        if (CursorToken.Fields(token, 4) is not { } parts || parts[0] != Kind || parts[1] is not ("0" or "1") || !CursorToken.TryTime(parts[2], out var at))
        {
            return false;
        }

        cursor = new(parts[1] == "0", at, parts[3]);
        return true;
    }
}
