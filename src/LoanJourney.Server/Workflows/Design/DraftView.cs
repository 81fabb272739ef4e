using System.Text.Json.Nodes;

namespace LoanJourney.Server.Workflows.Design;

/// <summary>The draft of a workflow as last saved, with its validation now.</summary>
public sealed record DraftView(string Id, long Revision, string ContentHash, string SavedBy, DateTimeOffset SavedAt, bool Valid,
    IReadOnlyList<DesignErrorView> Errors, JsonNode? Definition);
