using System.Text.Json;

namespace LoanJourney.Lenders.Common;

/// <summary>
/// An answer as the recorder read it: its text and the JSON root it parsed for the lender's code. The recorder leaves it on the
/// request (<see cref="Key"/>) for the attempt it answered; <see cref="LenderCaller"/> classifies and deserialises from it instead of
/// decoding and parsing the same bytes a second time. Held with its response and that response's content: an answer left by an
/// attempt that is not the response the caller got (a retry's), or whose content a handler outside the recorder replaced (a
/// test's answer-stripping handler does), is not used; the caller then reads the content it got.
/// </summary>
internal sealed class LenderAnswer(HttpResponseMessage response, string text, JsonElement? root)
{
    public static readonly HttpRequestOptionsKey<LenderAnswer> Key = new("LoanJourney.Lenders.Answer");

    public string Text { get; } = text;

    public JsonElement? Root { get; } = root;

    /// <summary>Leaves the answer on the request of its attempt.</summary>
    public static void Keep(HttpRequestMessage request, LenderAnswer answer) => request.Options.Set(Key, answer);

    /// <summary>The answer the recorder read for exactly this <paramref name="response"/>, or null (no recorder in the pipeline).</summary>
    public static LenderAnswer? Of(HttpResponseMessage response) =>
        response.RequestMessage?.Options.TryGetValue(Key, out var answer) == true
        && ReferenceEquals(answer._response, response) && ReferenceEquals(answer._content, response.Content) ? answer : null;

    private readonly HttpResponseMessage _response = response;
    private readonly HttpContent _content = response.Content;
}
