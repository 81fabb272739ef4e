namespace LoanJourney.Sandbox.Infrastructure;

/// <summary>
/// The <see cref="CallCounters"/> as one lender request counts in them: a draft test run's request (header
/// <see cref="SandboxTestRuns.Header"/>) in the test runs' own book, every other in the book <c>GET /sandbox/counters</c> shows,
/// so that an operator reading the counters of real journeys does not read a test run's blocks and tranches among them.
/// Bound per request (<see cref="BindAsync"/>): a handler takes it as a parameter. What the request leaves behind for a control
/// endpoint to list (a token share, a handshake, a block's OTP) is kept in the same <see cref="Book"/>.
/// </summary>
internal sealed class RequestCounters(CallCounters counters, CounterBook book)
{
    /// <summary>The book this request counts in, and its entries are listed in.</summary>
    public CounterBook Book => book;

    public void Increment(string customer, string operation) => counters.Increment(book, customer, operation);

    /// <summary>A draft test run's request (<see cref="SandboxTestRuns.Header"/>) is the test runs'; every other, the journeys'.</summary>
    public static CounterBook BookOf(HttpRequest request) =>
        string.IsNullOrWhiteSpace(request.Headers[SandboxTestRuns.Header]) ? CounterBook.Journeys : CounterBook.TestRuns;

    /// <summary>The book a control endpoint lists: <c>?testRuns=true</c>, the test runs'; otherwise the journeys'.</summary>
    public static CounterBook Listed(bool? testRuns) => testRuns == true ? CounterBook.TestRuns : CounterBook.Journeys;

    public static ValueTask<RequestCounters?> BindAsync(HttpContext context) =>
        ValueTask.FromResult<RequestCounters?>(new(context.RequestServices.GetRequiredService<CallCounters>(), BookOf(context.Request)));
}
