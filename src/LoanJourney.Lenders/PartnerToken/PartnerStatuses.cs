using System.Globalization;

namespace LoanJourney.Lenders.PartnerToken;

/// <summary>Partner <c>status</c> values, sent as strings: "1" answered in sync, "2" answer posted later to
/// <c>async_result_callback_url</c>, below 0 an error.</summary>
public static class PartnerStatuses
{
    public const string Sync = "1";
    public const string Async = "2";

    /// <summary>True for the documented error range (&lt; 0).</summary>
    public static bool IsError(string? status) =>
        int.TryParse(status, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value < 0;
}
