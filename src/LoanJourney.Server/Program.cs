using System.Text.Json.Serialization;
using LoanJourney.Sandbox;
using LoanJourney.Server;
using LoanJourney.Server.Auth;
using LoanJourney.Server.Dashboard;
using LoanJourney.Server.Events;
using LoanJourney.Server.Health;
using LoanJourney.Server.Hosting;
using LoanJourney.Server.Http;
using LoanJourney.Server.Instances;
using LoanJourney.Server.Logging;
using LoanJourney.Server.Problems;
using LoanJourney.Server.Session;
using LoanJourney.Server.Studio;
using LoanJourney.Server.Webhooks;
using LoanJourney.Server.Workflows;
using LoanJourney.Server.Workflows.Design;
using LoanJourney.Server.Workflows.Design.TestRuns;

var builder = WebApplication.CreateBuilder(args);
var paths = builder.AddRepositoryConfiguration(args);
var sandboxEnabled = builder.IsSandboxEnabled();

builder.AddServerLogging(paths);
builder.Services.AddApiKeyAuthentication(builder.Configuration, builder.Environment, paths);
builder.Services.AddEngine(builder.Configuration, paths);
builder.Services.AddJourneyActivities(builder.Configuration);
if (sandboxEnabled)
{
    builder.Services.AddLenderSandbox(builder.Configuration);
}

builder.Services.AddSingleton(BodyLimits.From(builder.Configuration));
builder.Services.AddSingleton(new SandboxMount(sandboxEnabled, "/sandbox"));
builder.Services.AddSingleton<DraftTestRunner>();
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
builder.Services.AddApiProblemDetails();
builder.Services.AddWebhooks(builder.Configuration);
builder.Services.AddLiveUpdates();
builder.Services.AddApiDocs();

var app = builder.Build();

app.UseRequestLogging();
app.UseApiProblemDetails();
app.UseAuthentication();
app.UseAuthorization();

app.MapHealth();
app.MapWorkflowsApi();
app.MapWorkflowDesignApi();
app.MapInstancesApi();
app.MapDashboardApi();
app.MapEventsApi();
app.MapSessionApi();
app.MapWebhooks();
if (sandboxEnabled)
{
    app.MapLenderSandbox(app.Services.GetRequiredService<SandboxMount>().Path);
}

app.MapStudio();
app.MapApiDocs();

app.Run();
