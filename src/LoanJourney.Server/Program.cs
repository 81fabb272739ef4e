using System.Text.Json.Serialization;
using LoanJourney.Hosting;
using LoanJourney.Sandbox;
using LoanJourney.Server;
using LoanJourney.Server.Audit;
using LoanJourney.Server.Auth;
using LoanJourney.Server.Dashboard;
using LoanJourney.Server.Events;
using LoanJourney.Server.Health;
using LoanJourney.Server.Hosting;
using LoanJourney.Server.Http;
using LoanJourney.Server.Instances;
using LoanJourney.Server.Instances.Bulk;
using LoanJourney.Server.Logging;
using LoanJourney.Server.Privacy;
using LoanJourney.Server.Problems;
using LoanJourney.Server.Session;
using LoanJourney.Server.Studio;
using LoanJourney.Server.Telemetry;
using LoanJourney.Server.Webhooks;
using LoanJourney.Server.Workflows;
using LoanJourney.Server.Workflows.Design;
using LoanJourney.Server.Workflows.Design.TestRuns;

if (args is [HashKeyCommand.Name, ..])
{
    return HashKeyCommand.Run(Console.In, Console.Out, Console.Error);
}

// A wrong setting, a port taken or a SQLite database another server holds: one line on stderr and exit code 1
// (StartFailure), not an unhandled exception's stack.
try
{
    var builder = WebApplication.CreateBuilder(args);
    var paths = builder.AddRepositoryConfiguration(args);
    var sandboxEnabled = builder.IsSandboxEnabled();

    builder.WebHost.UseRequestLimitsInKestrel();
    builder.AddServerLogging(paths);
    builder.AddServerTelemetry();
    builder.Services.AddApiKeyAuthentication(builder.Configuration, builder.Environment, paths);
    builder.Services.AddEngine(builder.Configuration, paths);
    using var databaseLock = builder.Services.HoldSqliteDatabase(); // one server per SQLite database, before anything opens it
    builder.Services.AddJourneyActivities(builder.Configuration);
    builder.Services.AddListeningAddress(builder.Configuration, builder.Environment, sandboxEnabled);
    if (sandboxEnabled)
    {
        builder.Services.AddEmbeddedSandbox(builder.Configuration, paths);
    }

    builder.Services.AddSingleton(BodyLimits.From(builder.Configuration));
    builder.Services.AddSingleton(BulkOptions.From(builder.Configuration));
    builder.Services.AddSingleton(new SandboxMount(sandboxEnabled, EmbeddedSandboxSetup.Prefix));
    builder.Services.AddSingleton<DraftTestRunner>();
    builder.Services.AddSingleton<SampleTargets>();
    builder.Services.AddSingleton<DeferralApis>();
    builder.Services.AddSingleton<TestRunDirectories>();
    builder.Services.AddHostedService<TestRunLeftoverSweep>();
    builder.Services.AddSingleton<TestRunWebhooks>();
    builder.Services.AddHttpClient(SandboxOtpInbox.HttpClientName).RemoveAllLoggers();
    builder.Services.ConfigureHttpJsonOptions(o =>
    {
        o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
        // Numbers are numbers: the web default (numbers also read from strings) would type every number in the OpenAPI
        // document, and so in generated clients, as "integer | string". Request bodies are read as JSON nodes, not bound.
        o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
    });
    builder.Services.AddApiProblemDetails();
    builder.Services.AddWebhooks(builder.Configuration, builder.Environment);
    builder.Services.AddLiveUpdates(builder.Configuration);
    builder.Services.AddPrivacy(builder.Configuration, builder.Environment);
    builder.Services.AddApiDocs();

    _ = ForwardedHeadersSetup.From(builder.Configuration); // a malformed proxy list stops the start before anything runs
    var app = builder.Build();

    app.UseTrustedForwardedHeaders();
    app.UseServerRequestLogging();
    app.UseApiProblemDetails();
    app.UseRequestLimits();
    app.UseNulRefusal();
    app.UseAuthentication();
    app.UseAuthorization();

    app.MapHealth();
    app.MapMetrics();
    app.MapWorkflowsApi();
    app.MapWorkflowDesignApi();
    app.MapActivitiesApi();
    app.MapSamplesApi();
    app.MapInstancesApi();
    app.MapAlterationsApi();
    app.MapBulkOperationsApi();
    app.MapDashboardApi();
    app.MapAuditApi();
    app.MapPrivacyApi();
    app.MapEventsApi();
    app.MapSessionApi();
    app.MapWebhooks();
    if (sandboxEnabled)
    {
        app.MapLenderSandbox(app.Services.GetRequiredService<SandboxMount>().Path);
    }

    app.MapStudio();
    app.MapApiDocs();

    app.RunStoppingAFailedStart();
    return 0;
}
catch (Exception e) when (StartFailure.IsReportedHere(e, typeof(ServerEntryPoint).Assembly))
{
    return StartFailure.Report(e, Console.Error, "LoanJourney");
}
