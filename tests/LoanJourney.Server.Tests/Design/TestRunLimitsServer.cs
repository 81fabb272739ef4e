using LoanJourney.Engine.Activities;
using LoanJourney.Server.Tests.Privacy;
using LoanJourney.Server.Tests.Support;

namespace LoanJourney.Server.Tests.Design;

/// <summary>
/// A sandbox server whose test runs have a 20-second time limit (below the 30 s a webhook wait used to be given before it
/// settled) and which registers an activity of its own (<see cref="ExplodingActivity"/>) that a test run's engine does not.
/// </summary>
public sealed class TestRunLimitsServer : IDisposable
{
    public SandboxKestrelServer Server { get; } = new(
        services => services.AddActivity<ExplodingActivity>(),
        new Dictionary<string, string?> { ["Design:TestRunTimeLimit"] = "00:00:20" });

    public void Dispose() => Server.Dispose();
}
