namespace LoanJourney.Sandbox.Infrastructure;

/// <summary>Masks identifiers for logs: everything but the last four characters (<c>XXXXXX9999</c>).</summary>
internal static class PiiMasker
{
    public static string Mask(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        const int Visible = 4;
        return value.Length <= Visible
            ? new string('X', value.Length)
            : string.Concat(new string('X', value.Length - Visible), value.AsSpan(value.Length - Visible));
    }
}
