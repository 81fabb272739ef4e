using System.Globalization;

namespace LoanJourney.Engine.Model;

/// <summary>
/// Where a page of a workflow's long waits ended (keyset paging, <see cref="WaitingPage"/>): longest wait first, by when the
/// current wait started, ties by id. The next page is the rows after it, a range of the waiting journeys' own index
/// (migration 0040), so a later page costs what the first does. Clients see it as an opaque token (<see cref="Encode"/>), of
/// another kind than the faulted run's (<see cref="FaultedCursor"/>) and the instance list's (<see cref="InstanceCursor"/>).
/// </summary>
/// <param name="WaitingSince">
/// When the last row's wait started, as the row stores it (the history's ISO 8601 UTC text): the rows are ordered by that text,
/// so the cursor keeps it exactly (a time rewritten with another number of fraction digits would compare unequal to itself).
/// </param>
/// <param name="Id">The last row's id.</param>
public sealed record WaitingCursor(string WaitingSince, string Id)
{
    private const string Kind = "w";

    /// <summary>The opaque token: base64url of <c>w|waitingSince|id</c>.</summary>
    public string Encode() => CursorToken.Encode(string.Create(CultureInfo.InvariantCulture, $"{Kind}|{WaitingSince}|{Id}"));

    /// <summary>Reads a token made by <see cref="Encode"/>; false for anything else (a faulted run's or an instance list's cursor included).</summary>
    public static bool TryDecode(string token, out WaitingCursor? cursor)
    {
        cursor = null;
        if (CursorToken.Fields(token, 3) is not { } parts || parts[0] != Kind
            || !DateTimeOffset.TryParse(parts[1], CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            return false;
        }

        cursor = new(parts[1], parts[2]);
        return true;
    }
}
