using System.Globalization;

namespace LoanJourney.Engine.Model;

/// <summary>
/// Where a page of the instance list ended (keyset paging): the last row's sort value and id. The next page is the rows
/// after it in the list's order, a range of the sort index, so page 1,000 costs what page 1 costs (an offset reads and
/// drops every row before it). Clients see it as an opaque token (<see cref="Encode"/>); the token names its sort field
/// and its direction, so a token is never applied to another order (a descending page's token sent with <c>order=asc</c>
/// had returned a page silently, session 36).
/// </summary>
/// <param name="Sort">The sort field the token was made for.</param>
/// <param name="At">The last row's sort value (created or updated time).</param>
/// <param name="Id">The last row's id (ties of the sort value are ordered by id).</param>
/// <param name="Descending">The direction the token was made for (the list's default, newest first).</param>
public sealed record InstanceCursor(InstanceSortField Sort, DateTimeOffset At, string Id, bool Descending = true)
{
    /// <summary>The cursor after <paramref name="last"/> in a list sorted by <paramref name="sort"/>.</summary>
    public static InstanceCursor After(WorkflowInstanceSummary last, InstanceSortField sort, bool descending = true)
    {
        ArgumentNullException.ThrowIfNull(last);
        return new(sort, sort == InstanceSortField.UpdatedAt ? last.UpdatedAt : last.CreatedAt, last.Id, descending);
    }

    /// <summary>
    /// The opaque token: base64url of <c>c|ms|id</c> (<c>u</c> for updatedAt; <c>ca</c> and <c>ua</c> ascending, so the
    /// descending tokens of clients from before session 36 still read as they were made).
    /// </summary>
    public string Encode() =>
        CursorToken.Encode(string.Create(CultureInfo.InvariantCulture,
            $"{(Sort == InstanceSortField.UpdatedAt ? 'u' : 'c')}{(Descending ? "" : "a")}|{At.ToUnixTimeMilliseconds()}|{Id}"));

    /// <summary>Reads a token made by <see cref="Encode"/>; false for anything else.</summary>
    public static bool TryDecode(string token, out InstanceCursor? cursor)
    {
        cursor = null;
        if (CursorToken.Fields(token, 3) is not { } parts || parts[0] is not ("c" or "u" or "ca" or "ua") || !CursorToken.TryTime(parts[1], out var at))
        {
            return false;
        }

        cursor = new(parts[0][0] == 'u' ? InstanceSortField.UpdatedAt : InstanceSortField.CreatedAt, at, parts[2], Descending: parts[0].Length == 1);
        return true;
    }
}
