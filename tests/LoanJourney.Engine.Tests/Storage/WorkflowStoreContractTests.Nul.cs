using System.Text.Json;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage;

namespace LoanJourney.Engine.Tests.Storage;

// A lender's words with a NUL in what a step commits (session 51, docs/server.md "A lender's answer with a NUL"): PostgreSQL's
// text refuses a NUL (22021) and SQLite keeps one, so the incident's message, a plain text column, had failed the commit on
// PostgreSQL and the runner ran the step again for ever. JSON text keeps the escape \u0000, which both hold.
public abstract partial class WorkflowStoreContractTests
{
    [Fact]
    public async Task ACommitCarryingALendersNul_Commits_TheIncidentMessageWithUFFFD_AndTheJsonWithTheEscapeAsWritten()
    {
        var current = await CreateAsync("nul");
        var said = JsonSerializer.Serialize("bad\0key");
        Assert.Equal("\"bad\\u0000key\"", said); // System.Text.Json writes a NUL in a string as the six characters \u0000
        var outputs = "{\"handshake\":{\"reason\":" + said + "}}";
        var details = $$"""{"message":{{said}}}""";

        await Store.CommitAsync(new InstanceCommit
        {
            State = current with { Status = WorkflowStatus.Faulted, ReadyAt = null, OutputsJson = outputs },
            ExpectedVersion = current.Version,
            ReleaseLease = true,
            NewIncident = new IncidentRecord("inc-nul", "nul", "a", "PartnerApiMisconfigured", "HTTP 401 (-1: bad\0key)", 1, details, T0, null, null),
            Journal = [new JournalRecord(0, "nul", T0, JournalKinds.StepFailed, "a", 1, details)],
            Now = T0,
        }, default);

        var incident = (await Store.GetOpenIncidentAsync("nul", default))!;
        Assert.Equal(("HTTP 401 (-1: bad\uFFFDkey)", details), (incident.Message, incident.DetailsJson));
        Assert.Equal(outputs, (await Store.GetInstanceAsync("nul", default))!.OutputsJson);
        Assert.Equal(details, (await Store.ReadJournalAsync("nul", 0, 10, default)).Items[^1].DataJson);

        // However the record is made: a copy with another message is stored the same way.
        Assert.Equal("a\uFFFDb", (incident with { Message = "a\0b" }).Message);
    }
}
