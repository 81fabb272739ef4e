namespace LoanJourney.Engine.Tests.Support;

/// <summary>Small definition builders: steps are given as JSON fragments.</summary>
public static class Defs
{
    public static string Workflow(string id, string steps, string start = "a", int version = 1, string input = "[]", string variables = "{}") =>
        $$"""{ "id": "{{id}}", "version": {{version}}, "title": "test", "input": {{input}}, "variables": {{variables}}, "start": "{{start}}", "steps": [ {{steps}} ] }""";

    public static string Step(string id, string activity, string? next = null, string inputs = "{}", string extra = "") =>
        $$"""{ "id": "{{id}}", "activity": "{{activity}}", "inputs": {{inputs}}{{(next is null ? "" : $", \"next\": {next}")}}{{extra}} }""";

    /// <summary>A workflow of <paramref name="steps"/> steps <c>s1</c> … <c>sN</c> of one activity, each going on to the next when done.</summary>
    public static string Chain(string id, int steps, string activity) =>
        Workflow(id, string.Join(",\n", Enumerable.Range(1, steps).Select(i =>
            Step($"s{i}", activity, i < steps ? $$"""{ "Done": "s{{i + 1}}" }""" : null))), start: "s1");
}
