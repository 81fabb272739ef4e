using System.Text.RegularExpressions;

namespace LoanJourney.Engine.Design;

/// <summary>The workflow ids the management API accepts: they appear in URLs, file names and log lines.</summary>
public static partial class WorkflowIds
{
    /// <summary>What a valid id looks like, for error messages.</summary>
    public const string Rule = "1-100 characters: letters, digits, '-', '_' or '.', starting with a letter or digit";

    /// <summary>Whether <paramref name="id"/> is a valid workflow id.</summary>
    public static bool IsValid(string? id) => id is not null && Pattern().IsMatch(id);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
