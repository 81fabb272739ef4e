using LoanJourney.Sandbox;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddLenderSandbox(builder.Configuration);

var app = builder.Build();
app.MapLenderSandbox();
app.Run();
