namespace LoanJourney.Engine.Activities;

/// <summary>Value types of activity inputs and workflow input fields.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The names are the JSON type names written in definition files.")]
public enum ActivityValueType
{
    /// <summary>Any JSON value.</summary>
    Any,
    /// <summary>A JSON string.</summary>
    String,
    /// <summary>A JSON number.</summary>
    Number,
    /// <summary>A JSON number without fraction.</summary>
    Integer,
    /// <summary>true or false.</summary>
    Boolean,
    /// <summary>A JSON object.</summary>
    Object,
    /// <summary>A JSON array.</summary>
    Array,
    /// <summary>A duration string: <c>00:05:00</c> or ISO 8601 <c>PT5M</c>.</summary>
    Duration,
}
