using System.Text.Json.Nodes;
using LoanJourney.Engine.Errors;

namespace LoanJourney.Engine.Model;

/// <summary>One journey as an operator's view shows it, read from one version of its row.</summary>
/// <param name="Instance">The instance with its step history, bookmarks, variables and open incident.</param>
/// <param name="Input">The journey's input, as <see cref="Runtime.IWorkflowClient.GetInstanceInputAsync"/> gives it (<c>{}</c> once erased).</param>
/// <param name="CancelRefusal">Why a cancel would be refused as the journey stands, or null when it would apply, or it has ended or is being cancelled.</param>
public sealed record InstanceDetail(WorkflowInstance Instance, JsonNode? Input, PointOfNoReturnRefusal? CancelRefusal);
