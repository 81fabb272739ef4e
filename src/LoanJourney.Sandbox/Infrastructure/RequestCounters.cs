namespace LoanJourney.Sandbox.Infrastructure;

/// <summary>
/// The <see cref="CallCounters"/> as one lender request counts in them: a draft test run's request (header
/// <see cref="SandboxTestRuns.Header"/>) in the test runs' own book, every other in the book <c>GET /sandbox/counters</c> shows,
/// so that an operator reading the counters of real journeys does not read a test run's blocks and tranches among them.
/// Bound per request (<see cref="BindAsync"/>): a handler takes it as a parameter.
/// </summary>
internal sealed class RequestCounters(CallCounters counters, CounterBook book)
{
    public void Increment(string customer, string operation) => counters.Increment(book, customer, operation);

    public static ValueTask<RequestCounters?> BindAsync(HttpContext context)
    {
        var book = string.IsNullOrWhiteSpace(context.Request.Headers[SandboxTestRuns.Header]) ? CounterBook.Journeys : CounterBook.TestRuns;
        return ValueTask.FromResult<RequestCounters?>(new(context.RequestServices.GetRequiredService<CallCounters>(), book));
    }
}
