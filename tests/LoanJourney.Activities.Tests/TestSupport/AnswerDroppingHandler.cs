using System.Text;
using System.Text.Json.Nodes;

namespace LoanJourney.Activities.Tests.TestSupport;

/// <summary>The innermost handler of each lender client: sends, then throws away (or strips) the answer when <see cref="AnswerDropper"/> says so.</summary>
internal sealed class AnswerDroppingHandler(AnswerDropper dropper) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (dropper.ShouldRefuse(request))
        {
            throw new HttpRequestException(HttpRequestError.ConnectionError, "test: Connection refused",
                new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused));
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (dropper.Replacement(request) is { } replacement)
        {
            response.Dispose();
            return new HttpResponseMessage((System.Net.HttpStatusCode)replacement.Status)
            {
                RequestMessage = request,
                Content = new StringContent(replacement.Body, Encoding.UTF8, replacement.Body.StartsWith('{') ? "application/json" : "text/html"),
            };
        }

        if (dropper.ShouldDrop(request))
        {
            response.Dispose();
            throw new HttpRequestException("test: the connection broke after the request was sent");
        }

        if (dropper.StripDuplicateAnswerData && response.Content is { } content)
        {
            var body = await content.ReadAsStringAsync(cancellationToken);
            if (body.Contains("\"FBX-S-208\"", StringComparison.Ordinal) && JsonNode.Parse(body) is JsonObject answer)
            {
                if (answer["data"]?["referenceID"]?.GetValue<string>() is { Length: > 0 } reference)
                {
                    dropper.StrippedReferences.Enqueue(reference);
                }

                answer["data"] = new JsonObject();
                response.Content = new StringContent(answer.ToJsonString(), Encoding.UTF8, "application/json");
            }
        }

        return response;
    }
}
