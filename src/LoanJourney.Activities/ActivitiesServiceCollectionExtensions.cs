using LoanJourney.Activities.CapitalFloat;
using LoanJourney.Activities.FinBoxPrism;
using LoanJourney.Activities.FinBoxSourcing;
using LoanJourney.Activities.FinBoxSourcing.CreditLine;
using LoanJourney.Activities.Journey;
using LoanJourney.Activities.Partner;
using LoanJourney.Engine.Activities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the lender clients and every journey activity.</summary>
public static class ActivitiesServiceCollectionExtensions
{
    /// <summary>
    /// Adds the lender clients (<c>AddLenders</c>), <see cref="JourneyOptions"/> (poll interval from
    /// <c>Engine:PollInterval</c>, callback base URL from <c>Journeys:PublicBaseUrl</c>) and every journey activity.
    /// </summary>
    public static IServiceCollection AddJourneyActivities(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddLenders(configuration);
        // Read and checked here, while the host is being built: a wrong value stops the start naming the setting, instead
        // of a server that answers healthy and fails every journey at its first step.
        var poll = configuration.GetValue<TimeSpan?>("Engine:PollInterval");
        if (poll is { } p && p <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"Engine:PollInterval must be positive, not {p}.");
        }

        Uri? publicBaseUrl = null;
        if (configuration["Journeys:PublicBaseUrl"] is { Length: > 0 } baseUrl
            && (!Uri.TryCreate(baseUrl, UriKind.Absolute, out publicBaseUrl) || publicBaseUrl.Scheme is not ("http" or "https")))
        {
            throw new InvalidOperationException($"Journeys:PublicBaseUrl must be an absolute http or https URL, not '{baseUrl}'.");
        }

        services.AddOptions<JourneyOptions>()
            .Configure(o =>
            {
                o.PollInterval = poll ?? o.PollInterval;
                o.PublicBaseUrl = publicBaseUrl ?? o.PublicBaseUrl;
                o.HandshakeCallbackKey = configuration["Webhook:Partner:UrlToken"] is { Length: > 0 } key ? key : null;
                o.PartnerInboundSecrets = configuration.GetSection("Webhook:Partners").GetChildren().Any();
            });
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<JourneyOptions>>().Value);
        // Replaces the engine's pass-through whichever was registered first: failures are masked before they are kept.
        services.Replace(ServiceDescriptor.Singleton<IFailureMessageMasker, PiiFailureMessageMasker>());

        services.AddActivity<CreateUserActivity>();
        services.AddActivity<UpdateDetailsActivity>();
        services.AddActivity<RunBreActivity>();
        services.AddActivity<AcceptOfferActivity>();
        services.AddActivity<RunBankingActivity>();
        services.AddActivity<UploadDocumentActivity>();
        services.AddActivity<RunKycActivity>();
        services.AddActivity<SignAgreementActivity>();
        services.AddActivity<DisburseActivity>();

        services.AddActivity<CreateSdkUserActivity>();
        services.AddActivity<PushPartnerDataActivity>();
        services.AddActivity<AwaitEligibilityActivity>();
        services.AddActivity<GenerateTokenActivity>();
        services.AddActivity<FollowJourneyActivity>();
        services.AddActivity<ReadLoanActivity>();
        services.AddActivity<ReadRepaymentsActivity>();
        services.AddActivity<RepayActivity>();
        services.AddActivity<AwaitRepaymentActivity>();
        services.AddActivity<AwaitPurchaseActivity>();
        services.AddActivity<AwaitShipmentActivity>();
        services.AddActivity<ConfirmTransactionActivity>();
        services.AddActivity<CancelTransactionActivity>();
        services.AddActivity<SplitTransactionActivity>();

        services.AddActivity<CheckLimitActivity>();
        services.AddActivity<BlockAmountActivity>();
        services.AddActivity<VerifyOtpActivity>();
        services.AddActivity<CreateTrancheActivity>();
        services.AddActivity<CancelBlockActivity>();

        services.AddActivity<HandshakeActivity>();
        services.AddActivity<ShareTokenActivity>();

        services.AddActivity<RunChildJourneyActivity>();
        return services;
    }
}
