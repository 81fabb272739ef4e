namespace LoanJourney.Server.Auth;

/// <summary>
/// The principals that sign in with an API key (<c>Server:Principals</c>, plus the legacy <c>Server:ApiKeys</c> as
/// Admin) and the session cookie's lifetime.
/// </summary>
internal sealed class ApiKeyOptions
{
    public const string DevelopmentKey = "dev-key";

    public IReadOnlyList<KeyPrincipal> Principals { get; set; } = [];

    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);
}
