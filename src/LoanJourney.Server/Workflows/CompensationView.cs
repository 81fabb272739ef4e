using System.Text.Json.Nodes;

namespace LoanJourney.Server.Workflows;

internal sealed record CompensationView(string Activity, JsonObject? Inputs);
