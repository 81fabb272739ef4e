namespace LoanJourney.Engine.Storage;

/// <summary>
/// Text for a plain <c>text</c> column of both stores: PostgreSQL cannot hold a NUL (U+0000) in one (22021; SQLite can), so a NUL
/// is stored as U+FFFD, the character Unicode gives for one that could not be kept. JSON columns need none of this: a NUL inside
/// a JSON string is written as the escape <c>\u0000</c>, six characters <c>text</c> holds.
/// </summary>
internal static class StorableText
{
    /// <summary>What a NUL is stored as.</summary>
    public const char NulReplacement = '\uFFFD';

    /// <summary><paramref name="text"/> with every NUL replaced by <see cref="NulReplacement"/> (the same string when it has none).</summary>
    public static string Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Contains('\0', StringComparison.Ordinal) ? text.Replace('\0', NulReplacement) : text;
    }
}
