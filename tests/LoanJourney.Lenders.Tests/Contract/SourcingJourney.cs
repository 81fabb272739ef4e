using LoanJourney.Lenders.Common;
using LoanJourney.Lenders.FinBoxSourcing;

namespace LoanJourney.Lenders.Tests.Contract;

/// <summary>One v1 borrower of its own: created, eligibility fetched, token issued, then moved forward by the sandbox's advance route.</summary>
public sealed class SourcingJourney(SandboxContractFixture sandbox, string scenario = TestIds.HappyPath)
{
    private bool _started;

    public string CustomerID { get; } = TestIds.Customer();

    public string Mobile { get; } = TestIds.Mobile(scenario);

    public string? LoanApplicationID { get; private set; }

    public IFinBoxSourcingClient Sourcing => sandbox.Sourcing;

    public async Task<SourcingJourney> CreatedAsync()
    {
        AssertOk(await Sourcing.CreateUserAsync(new CreateUserRequest { CustomerID = CustomerID, Mobile = Mobile }));
        return this;
    }

    public async Task<SourcingJourney> EligibleAsync()
    {
        await CreatedAsync();
        AssertOk(await Sourcing.GetEligibilityAsync(CustomerID));
        return this;
    }

    public async Task<SourcingJourney> StartedAsync()
    {
        if (_started)
        {
            return this;
        }

        _started = true;
        await EligibleAsync();
        AssertOk(await Sourcing.GenerateTokenAsync(new GenerateTokenRequest { CustomerID = CustomerID, Source = "contract-test" }));
        return this;
    }

    /// <summary>Advances the application until the sandbox reports <paramref name="eventType"/> (bounded by the journey's length).</summary>
    public async Task<SourcingJourney> ReachedAsync(string eventType)
    {
        await StartedAsync();
        for (var step = 0; step < 10; step++)
        {
            var payload = await sandbox.AdvanceAsync(CustomerID);
            LoanApplicationID = payload.GetProperty("loanApplicationID").GetString();
            if (payload.GetProperty("eventType").GetString() == eventType)
            {
                return this;
            }
        }

        throw new InvalidOperationException($"the application never reached {eventType}");
    }

    public static void AssertOk<T>(LenderResult<SourcingResponse<T>> result)
    {
        Assert.True(result.Kind == LenderResultKind.Success, $"expected Success, got {result.Kind} {result.LenderCode} {result.Message}");
        Assert.Equal("HTTP 200", result.LenderCode);
        Assert.Equal(200, result.HttpStatus);
        Assert.True(result.Body!.Status);
    }

    public static void AssertRefused<T>(LenderResult<SourcingResponse<T>> result, LenderResultKind kind, int httpStatus)
    {
        Assert.True(result.Kind == kind, $"HTTP {httpStatus}: expected {kind}, got {result.Kind} {result.LenderCode} {result.Message}");
        Assert.Equal($"HTTP {httpStatus}", result.LenderCode);
        Assert.Equal(httpStatus, result.HttpStatus);
        Assert.False(result.Body!.Status);
        Assert.False(string.IsNullOrEmpty(result.Message));
    }
}
