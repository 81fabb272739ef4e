using System.Text.Json.Serialization;

namespace LoanJourney.Engine.Definitions;

/// <summary>
/// Where the designer draws a step (its top-left corner, in flowchart units). Presentation only: never read by the
/// engine, and not part of the definition's content hash. Numbers only (not the quoted numbers the web defaults accept
/// elsewhere): the Studio reads the file's JSON as it is.
/// </summary>
[JsonNumberHandling(JsonNumberHandling.Strict)]
public sealed record StepPosition
{
    /// <summary>Left edge.</summary>
    public required double X { get; init; }

    /// <summary>Top edge.</summary>
    public required double Y { get; init; }
}
