using System.Diagnostics;
using LoanJourney.Hosting;
using Microsoft.Extensions.Options;

namespace LoanJourney.Server.Tests;

/// <summary>What a failed start writes on stderr: one line for a setting; the line and the whole exception for a defect.</summary>
public sealed class StartFailureReportTests
{
    public static TheoryData<string> SettingsFailures => ["settings check", "options validation", "port taken", "two hosted services"];

    [Theory]
    [MemberData(nameof(SettingsFailures))]
    public void ASettingsFailure_IsOneLine(string kind)
    {
        Exception failure = kind switch
        {
            "settings check" => new InvalidOperationException("Retention:Inbox must be positive."),
            "options validation" => new OptionsValidationException("Engine", typeof(object), ["Engine:MaxConcurrency must be at least 1."]),
            "port taken" => new IOException("Failed to bind to address http://127.0.0.1:5080: address already in use."),
            _ => new AggregateException(new InvalidOperationException("one"), new IOException("two")),
        };
        using var error = new StringWriter();

        var exitCode = StartFailure.Report(failure, error, "LoanJourney");

        Assert.Equal(1, exitCode);
        var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith("LoanJourney did not start: ", line, StringComparison.Ordinal);
    }

    [Fact]
    public void ADefect_IsTheLineThenTheWholeException_WithItsStack()
    {
        Exception failure;
        try
        {
            string? missing = null;
            _ = missing!.Length;
            throw new UnreachableException();
        }
        catch (NullReferenceException e)
        {
            failure = e;
        }

        using var error = new StringWriter();

        var exitCode = StartFailure.Report(failure, error, "LoanJourney");

        Assert.Equal(1, exitCode);
        var text = error.ToString();
        Assert.StartsWith("LoanJourney did not start: Object reference not set", text, StringComparison.Ordinal);
        Assert.Contains("System.NullReferenceException", text, StringComparison.Ordinal);
        Assert.Contains("   at ", text, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAggregateWithOneDefectInside_ShowsTheStack()
    {
        using var error = new StringWriter();

        StartFailure.Report(new AggregateException(new InvalidOperationException("one"), new ArgumentNullException("name")), error, "LoanJourney");

        Assert.Contains("System.ArgumentNullException", error.ToString(), StringComparison.Ordinal);
    }
}
