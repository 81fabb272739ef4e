using System.Reflection;

namespace LoanJourney.Hosting;

/// <summary>
/// A start that fails (a wrong setting, the port taken) ends the process with one line on stderr that names the cause, and
/// exit code 1: it used to be .NET's "Unhandled exception" with every stack frame, and exit code 134 (an abort), although
/// the exception's message named the setting. Only when this process is the program (the server, or the standalone sandbox):
/// a tool that runs Program.cs inside its own process (<c>WebApplicationFactory</c> in tests, through HostFactoryResolver,
/// which stops it with a <see cref="Microsoft.Extensions.Hosting.HostAbortedException"/> and hands any other exception to its
/// caller) gets the exception as it was thrown.
/// </summary>
public static class StartFailure
{
    /// <summary>True when this process runs <paramref name="program"/> (the entry assembly) and the exception is not a tool's stop.</summary>
    /// <param name="exception">What the start threw.</param>
    /// <param name="program">The assembly of the Program.cs that asks (<c>typeof(Program).Assembly</c>).</param>
    public static bool IsReportedHere(Exception exception, Assembly program) =>
        exception is not Microsoft.Extensions.Hosting.HostAbortedException && Assembly.GetEntryAssembly() == program;

    /// <summary>
    /// Writes the one line and returns the process's exit code. An exception of a kind the start's own checks do not throw
    /// (a settings check throws <see cref="InvalidOperationException"/>, options validation
    /// <see cref="Microsoft.Extensions.Options.OptionsValidationException"/>, a taken port an <see cref="IOException"/>)
    /// is a defect, not a setting: its whole text, stack included, follows the line, so it can be reported.
    /// </summary>
    /// <param name="exception">What the start threw.</param>
    /// <param name="error">Where the line goes (the process's stderr).</param>
    /// <param name="program">What did not start, as the line names it ("LoanJourney", "The LoanJourney sandbox").</param>
    public static int Report(Exception exception, TextWriter error, string program)
    {
        error.WriteLine($"{program} did not start: {Describe(exception)}");
        if (!IsExpected(exception))
        {
            error.WriteLine(exception.ToString());
        }

        return 1;
    }

    /// <summary>
    /// True for the kinds of failure the start's checks report (for an aggregate: every one inside it): refusals raised on
    /// purpose, reported in one line with no stack, on stderr and nowhere else on the console (the server's console log leaves
    /// out the host's "Hosting failed to start" of such a refusal).
    /// </summary>
    /// <param name="exception">What the start threw.</param>
    public static bool IsExpected(Exception exception) => exception switch
    {
        AggregateException aggregate => aggregate.Flatten().InnerExceptions.All(IsExpected),
        Microsoft.Extensions.Options.OptionsValidationException or IOException => true,
        InvalidOperationException => exception.GetType() == typeof(InvalidOperationException),
        _ => false,
    };

    /// <summary>
    /// The messages of the exception and of those inside it (each hosted service's, for an aggregate), without stack frames;
    /// an inner message the outer one already quotes is not repeated. The stack of a failure while the host starts is in the
    /// log (the host's own "Hosting failed to start"); a failure before it is built has no log yet, and its message is enough
    /// for the settings' errors it holds.
    /// </summary>
    internal static string Describe(Exception exception)
    {
        if (exception is AggregateException aggregate)
        {
            return string.Join("; ", aggregate.Flatten().InnerExceptions.Select(Describe));
        }

        var text = exception.Message.Trim();
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
        {
            var message = inner.Message.Trim();
            if (!text.Contains(message, StringComparison.Ordinal))
            {
                text += " <- " + message;
            }
        }

        return text.ReplaceLineEndings(" ");
    }
}
