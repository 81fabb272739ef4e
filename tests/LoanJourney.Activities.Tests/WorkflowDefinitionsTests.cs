using LoanJourney.Activities.Tests.TestSupport;
using LoanJourney.Engine.Definitions;
using LoanJourney.Engine.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LoanJourney.Activities.Tests;

public sealed class WorkflowDefinitionsTests
{
    private static readonly string[] Journeys = ["capitalfloat-paylater", "finbox-edi-loan", "finbox-personal-loan", "finbox-sdk-journey", "partner-handshake"];

    [Fact]
    public void RepositoryWorkflowsDirectory_LoadsEveryJourneyWithoutErrors_AndSkipsTheSamples()
    {
        using var provider = Services();

        var result = provider.GetRequiredService<DefinitionLoader>().LoadDirectory(RepoPaths.Workflows);

        Assert.Empty(result.Errors);
        Assert.Subset(result.Definitions.Select(w => w.Id).ToHashSet(), Journeys.ToHashSet());
    }

    // The designer checks a draft more than a file load does: a $steps.<id>.output.<name> binding must name an output its
    // activity declares (WorkflowCompiler.CompileDraft). Every shipped file must pass that too, so it can be opened, edited and
    // published again as it is: a file that fails binds an output its activity does not declare (a missing declaration or a bug).
    [Fact]
    public void EveryShippedWorkflow_PassesTheDraftChecks()
    {
        using var provider = Services();
        var compiler = provider.GetRequiredService<WorkflowCompiler>();
        var files = Directory.EnumerateFiles(RepoPaths.Workflows, "*.json", SearchOption.AllDirectories)
            .Where(p => !Path.GetRelativePath(RepoPaths.Workflows, p).StartsWith(DefinitionLoader.SamplesDirectory + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToArray();

        var errors = new List<DefinitionError>();
        foreach (var path in files)
        {
            var (definition, normalized) = DefinitionJson.Parse(File.ReadAllText(path));
            compiler.CompileDraft(definition, normalized, Path.GetRelativePath(RepoPaths.Workflows, path), errors);
        }

        Assert.True(files.Length >= Journeys.Length);
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors.Select(e => $"{e} ({e.Field})")));
    }

    // Session 42: these four can reject (reason, lenderCode) but declared no outputs, so a draft's typo against them was not
    // checked. They now declare what their ActivityResult carries; a typo is a BadBinding, each real name passes.
    [Theory]
    [InlineData("FinBoxSdk.CreateUser", """{ "customerId": "C1", "mobile": "9999999999" }""", "existing,reason,lenderCode", "existng")]
    [InlineData("FinBoxSdk.PushPartnerData", """{ "customerId": "C1", "data": {} }""", "reason,lenderCode", "lenderCod")]
    [InlineData("FinBox.UploadDocument", """{ "customerId": "C1", "documentType": "SELFIE", "file": {} }""", "documentType,reason,lenderCode", "docType")]
    [InlineData("FinBox.UpdateDetails", """{ "customerId": "C1" }""", "reason,lenderCode", "reasn")]
    public void ActivitiesThatCanReject_DeclareTheirOutputs_ATypoIsCaught_TheRealNamesPass(string activity, string inputs, string outputs, string typo)
    {
        using var provider = Services();
        var compiler = provider.GetRequiredService<WorkflowCompiler>();
        List<DefinitionError> Draft(string name)
        {
            var json = $$"""
                { "id": "outputs", "version": 1, "variables": { "seen": null }, "start": "call", "steps": [
                  { "id": "call", "activity": "{{activity}}", "inputs": {{inputs}}, "next": { "Done": "keep", "Rejected": "keep" } },
                  { "id": "keep", "activity": "Core.SetVariable", "inputs": { "name": "seen", "value": "$steps.call.output.{{name}}" }, "next": { "Done": "end" } },
                  { "id": "end", "activity": "Core.End", "inputs": { "outcome": "Done" } } ] }
                """;
            var errors = new List<DefinitionError>();
            var (definition, normalized) = DefinitionJson.Parse(json);
            compiler.CompileDraft(definition, normalized, "draft", errors);
            return errors.Where(e => e.Code == DefinitionErrorCode.BadBinding).ToList();
        }

        var error = Assert.Single(Draft(typo));
        Assert.Contains($"has no output '{typo}'; its outputs are {outputs.Replace(",", ", ", StringComparison.Ordinal)}.", error.Message, StringComparison.Ordinal);
        Assert.All(outputs.Split(','), name => Assert.Empty(Draft(name)));
    }

    [Fact]
    public void EveryJourney_HasASampleInputThatFitsItsInputSchema()
    {
        using var provider = Services();
        var workflows = provider.GetRequiredService<DefinitionLoader>().LoadDirectory(RepoPaths.Workflows).Definitions;

        foreach (var journey in Journeys)
        {
            var workflow = workflows.Single(w => w.Id == journey);
            var errors = WorkflowInputSchema.Validate(workflow, Borrowers.Sample(journey));
            Assert.True(errors.Count == 0, $"{journey}: {string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}"))}");
        }
    }

    private static ServiceProvider Services()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(
            new[] { "FinBoxPrism", "FinBoxSourcing", "CapitalFloat", "Partner" }.ToDictionary(l => $"Lenders:{l}:BaseUrl", _ => (string?)"http://localhost:5090/")).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddLoanJourneyEngine(o => o.DatabasePath = Path.Combine(Path.GetTempPath(), "unused-" + Guid.NewGuid().ToString("N") + ".db"));
        services.AddJourneyActivities(configuration);
        return services.BuildServiceProvider();
    }
}
