using LoanJourney.Activities.Journey;
using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LoanJourney.Activities.Tests;

public sealed class ActivitiesServiceCollectionExtensionsTests
{
    private static readonly string[] OnceOnly =
        ["CapitalFloat.BlockAmount", "CapitalFloat.CancelBlock", "CapitalFloat.CreateTranche", "FinBox.Disburse", "FinBox.SignAgreement", "FinBoxSdk.CancelTransaction", "FinBoxSdk.ConfirmTransaction", "FinBoxSdk.Repay",
         "FinBoxSdk.SplitTransaction", "Partner.ShareToken"];

    [Fact]
    public void AddJourneyActivities_RegistersEveryActivityWithItsOnceOnlyFlag()
    {
        using var provider = Build([]);

        var descriptors = provider.GetRequiredService<ActivityRegistry>().Descriptors.Where(d => !d.TypeName.StartsWith("Core.", StringComparison.Ordinal)).ToList();

        Assert.Equal(31, descriptors.Count);
        Assert.Equal(OnceOnly, descriptors.Where(d => d.IsOnceOnly).Select(d => d.TypeName).Order(StringComparer.Ordinal));
        foreach (var descriptor in descriptors)
        {
            using var scope = provider.CreateScope();
            Assert.NotNull(scope.ServiceProvider.GetRequiredService(descriptor.ClrType));
        }
    }

    [Fact]
    public void AddJourneyActivities_WithoutSettings_PollsEveryFiveSecondsAndCallsBackOnLocalhost5080()
    {
        using var provider = Build([]);

        var options = provider.GetRequiredService<JourneyOptions>();

        Assert.Equal((TimeSpan.FromSeconds(5), new Uri("http://localhost:5080")), (options.PollInterval, options.PublicBaseUrl));
    }

    [Fact]
    public void AddJourneyActivities_ReadsEnginePollIntervalAndPublicBaseUrl()
    {
        using var provider = Build(new() { ["Engine:PollInterval"] = "00:00:00.250", ["Journeys:PublicBaseUrl"] = "https://journeys.example.com" });

        var options = provider.GetRequiredService<JourneyOptions>();

        Assert.Equal((TimeSpan.FromMilliseconds(250), new Uri("https://journeys.example.com")), (options.PollInterval, options.PublicBaseUrl));
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        foreach (var lender in new[] { "FinBoxPrism", "FinBoxSourcing", "CapitalFloat", "Partner" })
        {
            settings[$"Lenders:{lender}:BaseUrl"] = "http://localhost:5090/";
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddLoanJourneyEngine(o => o.DatabasePath = Path.Combine(Path.GetTempPath(), "unused-" + Guid.NewGuid().ToString("N") + ".db"));
        services.AddJourneyActivities(configuration);
        return services.BuildServiceProvider();
    }
}
