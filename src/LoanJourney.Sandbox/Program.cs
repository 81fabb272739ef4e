using LoanJourney.Hosting;
using LoanJourney.Sandbox;

// As the server starts: a taken port or a wrong setting is one line on stderr and exit code 1 (and no stack on the console), and a failed start is
// stopped before the host is disposed, so its background services do not log "BackgroundService failed" after the cause
// (LoanJourney.Hosting.FailedStartStop, dotnet/runtime#131249).
try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.Logging.LeaveStartRefusalsOffTheConsole(); // the refusal is the one line below, not the host's report with its stack
    SandboxDefaultAddress.ApplyTo(builder);
    builder.Services.AddLenderSandbox(builder.Configuration);

    var app = builder.Build();
    app.MapLenderSandbox();
    app.RunStoppingAFailedStart();
    return 0;
}
catch (Exception e) when (StartFailure.IsReportedHere(e, typeof(Program).Assembly))
{
    return StartFailure.Report(e, Console.Error, "The LoanJourney sandbox");
}
