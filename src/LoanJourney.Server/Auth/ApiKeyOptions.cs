namespace LoanJourney.Server.Auth;

/// <summary>Accepted API keys (<c>Server:ApiKeys</c>) and the session cookie's lifetime.</summary>
internal sealed class ApiKeyOptions
{
    public const string DevelopmentKey = "dev-key";

    public IReadOnlyList<string> Keys { get; set; } = [];

    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);
}
