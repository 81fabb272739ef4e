namespace LoanJourney.Lenders.Tests.Contract;

/// <summary>The innermost handler of every lender client in the contract fixture: it only adds the sandbox's fault headers to the
/// attempts <see cref="WireFault"/> asks for. The same request message is re-sent on a retry, so a later attempt has them removed.</summary>
public sealed class WireFaultHandler : DelegatingHandler
{
    public const string FaultHeader = "X-Sandbox-Fault";
    public const string AfterHeader = "X-Sandbox-Fault-After";

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Remove(FaultHeader);
        request.Headers.Remove(AfterHeader);
        if (WireFault.Current is { } fault && fault.TryTake())
        {
            request.Headers.Add(FaultHeader, fault.Fault);
            if (fault.AfterEffect)
            {
                request.Headers.Add(AfterHeader, "true");
            }
        }

        return base.SendAsync(request, cancellationToken);
    }
}
