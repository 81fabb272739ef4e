using LoanJourney.Lenders.Common;
using LoanJourney.Lenders.FinBoxSourcing;
using LoanJourney.Lenders.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace LoanJourney.Lenders.Tests.Common;

public sealed class LenderCallCaptureTests : IAsyncLifetime
{
    private ScriptedLenderServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await ScriptedLenderServer.StartAsync();
        _server.Fallback = ctx => ScriptedLenderServer.Json(ctx, 200, """{"data":{"total":0,"userList":[]}}""");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task ScopeCollectsOnlyItsOwnCallsAndNestedScopesReportToParents()
    {
        await using var services = LenderTestServices.Create(_server.BaseUrl);
        var client = services.GetRequiredService<IFinBoxSourcingClient>();

        await client.ListUsersAsync(); // outside any scope: recorded nowhere
        using var outer = LenderCallCapture.Begin();
        await client.ListUsersAsync(new SourcingListQuery { Limit = 20, Page = 1 });
        using (var inner = LenderCallCapture.Begin())
        {
            Assert.Same(inner, LenderCallCapture.Current);
            await client.ListUsersAsync(new SourcingListQuery { Mobile = "9876543210", From = new DateOnly(2024, 1, 1), To = new DateOnly(2024, 1, 31) });
            Assert.Single(inner.Calls);
        }

        Assert.Same(outer, LenderCallCapture.Current);
        Assert.Equal(2, outer.Calls.Count);

        var first = outer.Calls[0];
        Assert.Equal(LenderNames.FinBoxSourcing, first.Lender);
        Assert.Equal(FinBoxSourcingOperations.ListUsers.Name, first.Operation);
        Assert.Equal("GET", first.Method);
        Assert.Equal("/lender/v1/users?limit=20&page=1", first.Path);
        Assert.Equal(200, first.HttpStatus);
        Assert.Equal(1, first.Attempt);
        Assert.True(first.Latency >= TimeSpan.Zero);
        Assert.Equal("""{"data":{"total":0,"userList":[]}}""", first.ResponseBody);

        Assert.Equal("/lender/v1/users?from=2024-01-01&to=2024-01-31&mobile=XXXXXX3210", outer.Calls[1].Path);
        Assert.EndsWith("mobile=9876543210", _server.Received.Last().Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScopeFlowsIntoParallelCallsOfTheSameActivity()
    {
        await using var services = LenderTestServices.Create(_server.BaseUrl);
        var client = services.GetRequiredService<IFinBoxSourcingClient>();
        using var capture = LenderCallCapture.Begin();

        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => client.ListLoansAsync()));

        Assert.Equal(5, capture.Calls.Count);
    }
}
