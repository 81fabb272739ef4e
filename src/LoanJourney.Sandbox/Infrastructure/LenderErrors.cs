namespace LoanJourney.Sandbox.Infrastructure;

/// <summary>Errors that do not belong to one endpoint (auth, injected faults) in each family's envelope.</summary>
internal static class LenderErrors
{
    public static IResult Unauthorized(LenderFamily family) => family switch
    {
        LenderFamily.FinBoxV2 => WireJson.Json(new { data = new { }, error = "unauthorised request", statusCode = "FBX-E-005" }, StatusCodes.Status401Unauthorized),
        LenderFamily.FinBoxV1 => WireJson.Json(new { data = new { }, error = "unauthorised request", status = false }, StatusCodes.Status401Unauthorized),
        LenderFamily.CapitalFloat => WireJson.Json(new { status = -200, message = "No partner found for current user" }, StatusCodes.Status401Unauthorized),
        _ => WireJson.Json(new { status = "-1", msg = "unauthorised request" }, StatusCodes.Status401Unauthorized),
    };

    public static IResult Fault(LenderFamily family, int httpStatus)
    {
        var throttled = httpStatus == StatusCodes.Status429TooManyRequests;
        var message = throttled ? "too many requests" : "internal issues";
        return family switch
        {
            LenderFamily.FinBoxV2 => WireJson.Json(new { data = new { }, error = message, statusCode = throttled ? "FBX-E-004" : "FBX-E-002" }, httpStatus),
            LenderFamily.FinBoxV1 => WireJson.Json(new { data = new { }, error = message, status = false }, httpStatus),
            LenderFamily.CapitalFloat => WireJson.Json(new { message }, httpStatus),
            _ => WireJson.Json(new { msg = message }, httpStatus),
        };
    }
}
