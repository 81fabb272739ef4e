using System.Globalization;

namespace LoanJourney.TestSupport;

/// <summary>
/// The environment of a server and of a sandbox process as a user deploys them: <c>Production</c> (the API key is
/// required, the embedded sandbox is off, nothing from <c>appsettings.Development.json</c> applies), every lender base URL
/// at the sandbox process, signed FinBox webhooks and partner callbacks with shared secrets, fast polls and lender retries.
/// </summary>
public static class StackEnvironment
{
    public const string ApiKey = "e2e-api-key";
    public const string FinBoxWebhookSecret = "e2e-finbox-webhook-secret";
    public const string PartnerCallbackSecret = "e2e-partner-callback-secret";

    /// <summary>The documented Development key: the Admin <c>dev</c> when nothing else is configured.</summary>
    public const string DevelopmentApiKey = "dev-key";

    /// <summary>
    /// The default Development run, changed only where a test must: the listening URL (through <c>ASPNETCORE_URLS</c>, so it
    /// must beat <c>appsettings.json</c>'s <c>Urls</c>), the data folder (engine database, sandbox state, keys) and no log file.
    /// No lender, webhook or public URL: they must follow the address the server listens on.
    /// </summary>
    public static Dictionary<string, string> Development(Uri serverUrl, string dataDirectory) => new(StringComparer.Ordinal)
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["DOTNET_ENVIRONMENT"] = "Development",
        ["ASPNETCORE_URLS"] = serverUrl.ToString().TrimEnd('/'),
        ["Server__DataProtectionKeysPath"] = Path.Combine(dataDirectory, "keys"),
        ["Engine__DatabasePath"] = Path.Combine(dataDirectory, "loanjourney.db"),
        ["Serilog__File__Path"] = "",
    };

    public static Dictionary<string, string> Server(Uri serverUrl, Uri sandboxUrl, string dataDirectory, string nodeId)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["Server__ApiKeys__0"] = ApiKey,
            ["Server__DataProtectionKeysPath"] = Path.Combine(dataDirectory, "keys"),
            ["Engine__DatabasePath"] = Path.Combine(dataDirectory, "loanjourney.db"),
            ["Engine__DefinitionsDirectory"] = BuiltOutputs.Workflows,
            ["Engine__PollInterval"] = "00:00:00.050",
            ["Engine__MinPollInterval"] = "00:00:00.050",
            ["Engine__MaxPollInterval"] = "00:00:00.500",
            ["Engine__NodeId"] = nodeId,
            ["Journeys__PublicBaseUrl"] = serverUrl.ToString().TrimEnd('/'),
            ["Sandbox__Enabled"] = "false",
            ["Webhook__FinBox__Secret"] = FinBoxWebhookSecret,
            ["Webhook__FinBox__RequireSignature"] = "true",
            ["Webhook__Partner__Secret"] = PartnerCallbackSecret,
            ["Webhook__Partner__RequireSignature"] = "true",
            ["Serilog__MinimumLevel__Default"] = "Warning",
            ["Serilog__File__Path"] = "",
        };
        foreach (var (lender, credential) in new[] { ("FinBoxPrism", "ApiKey"), ("FinBoxSourcing", "ApiKey"), ("CapitalFloat", "Authorization"), ("Partner", "Authorization") })
        {
            environment[$"Lenders__{lender}__BaseUrl"] = sandboxUrl.ToString().TrimEnd('/');
            environment[$"Lenders__{lender}__{credential}"] = "e2e-placeholder";

            // Fast automatic retries and a short circuit break: the fault tests inject 20% errors into every lender route.
            environment[$"Lenders__{lender}__RetryBaseDelay"] = "00:00:00.050";
            environment[$"Lenders__{lender}__RetryMaxDelay"] = "00:00:00.500";
            environment[$"Lenders__{lender}__BreakerBreakDuration"] = "00:00:01";
        }

        return environment;
    }

    public static Dictionary<string, string> Sandbox(Uri webhookUrl, int seed) => new(StringComparer.Ordinal)
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["DOTNET_ENVIRONMENT"] = "Production",
        ["Sandbox__WebhookUrl"] = webhookUrl.ToString(),
        ["Sandbox__WebhookSecret"] = FinBoxWebhookSecret,
        ["Sandbox__PartnerCallbackSecret"] = PartnerCallbackSecret,
        ["Sandbox__WebhookAutoAdvance"] = "false",
        ["Sandbox__WebhookRetryBaseDelay"] = "00:00:00.200",
        ["Sandbox__ProcessingPolls"] = "1",
        ["Sandbox__KycActionPendingPolls"] = "3",
        ["Sandbox__PartnerCallbackDelay"] = "00:00:00.100",
        ["Sandbox__RandomSeed"] = seed.ToString(CultureInfo.InvariantCulture),
        ["Logging__LogLevel__Default"] = "Warning",
    };
}
