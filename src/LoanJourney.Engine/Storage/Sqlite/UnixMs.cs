namespace LoanJourney.Engine.Storage.Sqlite;

internal static class UnixMs
{
    public static long To(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static long? To(DateTimeOffset? value) => value?.ToUnixTimeMilliseconds();

    public static DateTimeOffset From(long value) => DateTimeOffset.FromUnixTimeMilliseconds(value);

    public static DateTimeOffset? From(long? value) => value is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
}
