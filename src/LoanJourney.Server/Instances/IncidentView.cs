using System.Text.Json.Nodes;

namespace LoanJourney.Server.Instances;

/// <summary>
/// A journey's open incident. <c>Id</c> is the incident's own id: the one its journal entries (<c>IncidentCreated</c>,
/// <c>IncidentRetried</c>, <c>IncidentSkipped</c>, <c>OutcomeDecided</c>) and the repair's audit entry (<c>data.incidentId</c>) carry,
/// so an operator can tie what they answered to what the trail says (session 46; the view had none).
/// </summary>
internal sealed record IncidentView(string Id, string StepId, string ErrorKind, string Message, int Attempts, JsonNode? Details, DateTimeOffset CreatedAt);
