using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using static LoanJourney.Server.Tests.Privacy.FailurePathPiiSweepTests;

namespace LoanJourney.Server.Tests.Privacy;

/// <summary>
/// An unhandled exception quoting a borrower (PAN, mobile, email) for a request to <see cref="Path"/>, after the server's
/// pipeline (its exception handler logs it): what the configured sinks and the OTLP log export must get scrubbed.
/// </summary>
internal sealed class PiiThrowingRequest : IStartupFilter
{
    public const string Path = "/pii-explode";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        next(app);
        app.Use((HttpContext context, RequestDelegate call) => context.Request.Path.StartsWithSegments(Path)
            ? throw new InvalidOperationException($"Could not map the borrower record {Pan}|{Mobile}.", new FormatException($"'{Email}' is not a customer id."))
            : call(context));
    };
}
