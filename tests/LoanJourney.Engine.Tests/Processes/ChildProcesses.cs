namespace LoanJourney.Engine.Tests.Processes;

/// <summary>The child-process tests run one after the other: on two cores, three engine processes at once starve each other.</summary>
[CollectionDefinition(Name)]
public sealed class ChildProcesses
{
    public const string Name = "child processes";
}
