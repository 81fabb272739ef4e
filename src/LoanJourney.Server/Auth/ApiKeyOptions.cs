namespace LoanJourney.Server.Auth;

/// <summary>
/// The principals that sign in with an API key (<c>Server:Principals</c>, plus the legacy <c>Server:ApiKeys</c> as
/// Admin) and the session cookie's lifetime. The principals are replaced whole when the configuration is reloaded
/// (<see cref="PrincipalsReload"/>); every request reads the set current when it is authenticated.
/// </summary>
internal sealed class ApiKeyOptions
{
    public const string DevelopmentKey = "dev-key";

    private IReadOnlyList<KeyPrincipal> _principals = [];

    public IReadOnlyList<KeyPrincipal> Principals
    {
        get => Volatile.Read(ref _principals);
        set => Volatile.Write(ref _principals, value);
    }

    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);
}
