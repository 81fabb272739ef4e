using LoanJourney.Sandbox.Infrastructure;

namespace LoanJourney.Sandbox.FinBoxV1;

/// <summary>The v1 envelope: <c>{ "data": …, "error": "", "status": true }</c>; failures carry the documented HTTP code.</summary>
internal static class V1Results
{
    public static IResult Ok(object data) => WireJson.Json(new { data, error = "", status = true });

    public static IResult Fail(int httpStatus, string error) => WireJson.Json(new { data = new { }, error, status = false }, httpStatus);

    public static IResult MissingCustomerId() => Fail(StatusCodes.Status403Forbidden, "Missing customerID");
}
