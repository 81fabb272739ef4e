namespace LoanJourney.Server.Http;

/// <summary>
/// Request body limits in bytes: <c>Server:MaxBodyBytes</c> (1 MB) for the API and webhooks, and
/// <c>Server:MaxStartBodyBytes</c> (16 MB) for starting a journey or signalling one, whose input (or a
/// <c>reupload-statement</c> signal) may carry base64 bank statements (FinBox takes files up to 5 MB; base64 adds a third).
/// </summary>
internal sealed record BodyLimits(long Default, long Start)
{
    public static BodyLimits From(IConfiguration configuration)
    {
        var limits = new BodyLimits(
            configuration.GetValue("Server:MaxBodyBytes", 1L * 1024 * 1024),
            configuration.GetValue("Server:MaxStartBodyBytes", 16L * 1024 * 1024));
        if (limits.Default < 1 || limits.Start < 1)
        {
            throw new InvalidOperationException(
                $"Server:MaxBodyBytes and Server:MaxStartBodyBytes must be at least 1 byte, not {limits.Default} and {limits.Start}.");
        }

        return limits;
    }
}
