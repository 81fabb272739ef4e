namespace LoanJourney.Sandbox.Infrastructure;

/// <summary>A piece of sandbox state cleared by <c>POST /sandbox/reset</c>.</summary>
internal interface IResettable
{
    void Reset();
}
