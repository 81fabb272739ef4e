namespace LoanJourney.Activities.Tests.TestSupport;

/// <summary>The innermost handler of each lender client: sends, then throws away the answer when <see cref="AnswerDropper"/> says so.</summary>
internal sealed class AnswerDroppingHandler(AnswerDropper dropper) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (dropper.ShouldDrop(request))
        {
            response.Dispose();
            throw new HttpRequestException("test: the connection broke after the request was sent");
        }

        return response;
    }
}
