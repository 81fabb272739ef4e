using System.Text.Json.Nodes;

namespace LoanJourney.Server.Tests.Design;

/// <summary>Definitions of the design tests: a one-wait journey, and a draft with one of each mistake the designer must catch.</summary>
internal static class Definitions
{
    /// <summary>Waits for signal <c>go</c>, then ends with <paramref name="outcome"/>.</summary>
    public static JsonObject Waiting(string id, string outcome) => Parse($$"""
        {
          "id": "{{id}}", "version": 1, "title": "Design test",
          "input": [{ "name": "customerId", "type": "String", "required": true }],
          "start": "review",
          "steps": [
            { "id": "review", "activity": "Core.WaitForSignal", "inputs": { "signal": "go" }, "next": { "Received": "end" } },
            { "id": "end", "activity": "Core.End", "inputs": { "outcome": "{{outcome}}" } }
          ]
        }
        """);

    /// <summary>
    /// An unknown activity (<c>mystery.activity</c>), a dangling outcome (<c>review.next.Timeout</c>), a loop without a wait
    /// (<c>loopA</c> ↔ <c>loopB</c>), a binding to a later step (<c>early.inputs.value</c>), a missing required input
    /// (<c>noOutcome.inputs.outcome</c>) and a literal of the wrong type (<c>late.inputs.signal</c>).
    /// </summary>
    public static JsonObject Broken(string id) => Parse($$"""
        {
          "id": "{{id}}", "version": 1,
          "input": [{ "name": "customerId", "type": "String", "required": true }],
          "variables": { "note": null },
          "start": "review",
          "steps": [
            { "id": "review", "activity": "Core.WaitForSignal", "inputs": { "signal": "go" }, "next": { "Received": "early", "Timeout": "ghost" } },
            { "id": "early", "activity": "Core.SetVariable", "inputs": { "name": "note", "value": "$steps.late.output.payload" }, "next": { "Done": "late" } },
            { "id": "late", "activity": "Core.WaitForSignal", "inputs": { "signal": 42 }, "next": { "Received": "loopA", "Timeout": "mystery" } },
            { "id": "loopA", "activity": "Core.SetVariable", "inputs": { "name": "note", "value": 1 }, "next": { "Done": "loopB" } },
            { "id": "loopB", "activity": "Core.SetVariable", "inputs": { "name": "note", "value": 2 }, "next": { "Done": "loopA" } },
            { "id": "mystery", "activity": "Nope.Unknown", "next": { "Done": "noOutcome" } },
            { "id": "noOutcome", "activity": "Core.End" }
          ]
        }
        """);

    public static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();
}
