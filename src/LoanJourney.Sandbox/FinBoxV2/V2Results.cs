using LoanJourney.Sandbox.FinBoxV2.Models;
using LoanJourney.Sandbox.Infrastructure;

namespace LoanJourney.Sandbox.FinBoxV2;

/// <summary>The FinBox v2 envelope with the HTTP status the sandbox pairs with each documented code.</summary>
internal static class V2Results
{
    public static IResult Ok(object data, string statusCode) => WireJson.Json(new V2Envelope(data, "", statusCode));

    public static IResult Error(string statusCode, string error) => WireJson.Json(new V2Envelope(new { }, error, statusCode), HttpStatusFor(statusCode));

    public static IResult CustomerIdRequired() => Error("FBX-E-014", "customerID is required");

    public static IResult UserNotFound() => Error("FBX-E-006", "user not found");

    public static IResult InvalidUserState(string why) => Error("FBX-E-010", why);

    internal static int HttpStatusFor(string statusCode) => statusCode switch
    {
        "FBX-E-005" => StatusCodes.Status401Unauthorized,
        "FBX-E-006" or "FBX-E-008" => StatusCodes.Status404NotFound,
        "CUR-E-002" or "FBX-E-010" => StatusCodes.Status409Conflict,
        "FBX-E-004" => StatusCodes.Status429TooManyRequests,
        "FBX-E-002" or "UUD-E-001" => StatusCodes.Status500InternalServerError,
        _ => StatusCodes.Status400BadRequest,
    };
}
