using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace LoanJourney.Server.Tests.Privacy;

/// <summary>
/// In front of the embedded sandbox: a lender answer our clients cannot parse, quoting the borrower back (a gateway's HTML
/// error page; JSON of the wrong shape), for calls whose body names a trigger (an app id or a mobile ending in it).
/// </summary>
internal sealed class GarbledLenderAnswers(string trigger, string html, string wrongJson) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, call) =>
        {
            var path = context.Request.Path.Value ?? "";
            var isHtml = path.EndsWith("/paylater/profile_available_limit", StringComparison.Ordinal);
            var isJson = path.EndsWith("/v2/user/create", StringComparison.Ordinal);
            if ((isHtml || isJson) && HttpMethods.IsPost(context.Request.Method))
            {
                context.Request.EnableBuffering();
                using var reader = new StreamReader(context.Request.Body, Encoding.UTF8, leaveOpen: true);
                var body = await reader.ReadToEndAsync();
                context.Request.Body.Position = 0;
                if (body.Contains(trigger + "\"", StringComparison.Ordinal))
                {
                    context.Response.StatusCode = StatusCodes.Status200OK;
                    context.Response.ContentType = isHtml ? "text/html" : "application/json";
                    await context.Response.WriteAsync(isHtml ? html : wrongJson);
                    return;
                }
            }

            await call(context);
        });
        next(app);
    };
}
