using System.Text.Json;

namespace LoanJourney.Lenders.Tests.Contract;

/// <summary>One POST the sandbox sent us: a v1 webhook or an async handshake result.</summary>
public sealed record ReceivedPost(string Path, string Body, JsonElement Json);
