using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace LoanJourney.Engine.Model;

/// <summary>
/// The one format of the opaque page tokens (<see cref="InstanceCursor"/>, <see cref="FaultedCursor"/>): base64url of fields
/// joined by <c>|</c>, the first naming the token's kind, the last the row's id; times as Unix milliseconds.
/// </summary>
internal static class CursorToken
{
    /// <summary>The token of <paramref name="fields"/> (formatted invariantly by the caller).</summary>
    public static string Encode(string fields) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(fields));

    /// <summary>The token's <paramref name="count"/> fields, the last (the id) not empty; null for anything else.</summary>
    public static string[]? Fields(string token, int count)
    {
        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(token);
        }
        catch (FormatException)
        {
            return null;
        }

        var fields = Encoding.UTF8.GetString(bytes).Split('|', count);
        return fields.Length == count && fields[^1].Length > 0 ? fields : null;
    }

    /// <summary>A field of Unix milliseconds as a time; false for anything but a whole number in <see cref="DateTimeOffset"/>'s range.</summary>
    public static bool TryTime(string field, out DateTimeOffset at)
    {
        at = default;
        if (!long.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) || ms > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            return false;
        }

        at = DateTimeOffset.FromUnixTimeMilliseconds(ms);
        return true;
    }
}
