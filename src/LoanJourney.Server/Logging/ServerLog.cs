namespace LoanJourney.Server.Logging;

/// <summary>The server's logs, with stable event ids (2000–2099). Values are masked before they get here.</summary>
internal static partial class ServerLog
{
    [LoggerMessage(EventId = 2002, Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path}")]
    public static partial void UnhandledException(ILogger logger, Exception exception, string method, string path);

    // An outage, not a fault of this server: one line per request, no stack trace.
    [LoggerMessage(EventId = 2018, Level = LogLevel.Warning, Message = "Journey store unavailable on {Method} {Path}: answered 503 store_unavailable ({Reason})")]
    public static partial void StoreUnavailable(ILogger logger, string method, string path, string reason);

    // A configuration fault (the database dropped, the password rotated, a grant revoked): an operator must act, so an error,
    // but one line per request without a stack, which would be the same every time.
    [LoggerMessage(EventId = 2008, Level = LogLevel.Error, Message = "Journey store refuses this node's configuration on {Method} {Path}: answered 503 store_unavailable ({SqlState}: {Reason}). {Remedy}")]
    public static partial void StoreMisconfigured(ILogger logger, string method, string path, string sqlState, string reason, string remedy);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Debug, Message = "Webhook {Source} event {WebhookEventId} for key {Key}: {Status}")]
    public static partial void WebhookReceived(ILogger logger, string source, string webhookEventId, string key, string status);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Webhook {Source} refused: {Reason}")]
    public static partial void WebhookRefused(ILogger logger, string source, string reason);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Debug, Message = "Live updates: {Subscribers} subscriber(s)")]
    public static partial void SubscribersChanged(ILogger logger, int subscribers);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning, Message = "Live updates: reading changed instances failed; retrying")]
    public static partial void ChangeFeedFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Warning, Message = "API authentication failed on {Path}: {Reason}")]
    public static partial void AuthenticationFailed(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 2017, Level = LogLevel.Warning, Message = "Webhook source {Source} accepts unverified posts ({Because}): anyone who finds its URL can post events")]
    public static partial void UnverifiedWebhooks(ILogger logger, string source, string because);

    // Development without a principal, once the server listens (the start refuses this anywhere else).
    [LoggerMessage(EventId = 2010, Level = LogLevel.Information, Message = "Studio: {StudioUrl} (sign in with the key dev-key, the Admin 'dev' of Development; Server:Principals names real users)")]
    public static partial void StudioReady(ILogger logger, string studioUrl);

    // Development with principals (or OIDC) configured, once the server listens: where the Studio is, without the dev key
    // those principals ended (walk 52: after adding an Operator, a restart said the Studio's address nowhere).
    [LoggerMessage(EventId = 2021, Level = LogLevel.Information, Message = "Studio: {StudioUrl} (sign in with a key of Server:Principals or an OIDC token; dev-key is off while principals are configured)")]
    public static partial void StudioReadyWithPrincipals(ILogger logger, string studioUrl);

    // Development accepts every webhook source unverified by design: said once, not warned per source (walk 44).
    [LoggerMessage(EventId = 2009, Level = LogLevel.Information, Message = "Webhooks from {Sources} are accepted unverified, as in Development when no Webhook:<source>:Secret or UrlToken is set")]
    public static partial void UnverifiedWebhooksInDevelopment(ILogger logger, string sources);

    [LoggerMessage(EventId = 2019, Level = LogLevel.Warning, Message = "Principals reloaded from the configuration: {Count} in force; {Changes}")]
    public static partial void PrincipalsReloaded(ILogger logger, int count, string changes);

    [LoggerMessage(EventId = 2022, Level = LogLevel.Warning, Message = "Configuration changed for settings read at start only, not applied until this node restarts: {Keys} (only Server:Principals and the Lenders sections apply while running; docs/server.md, \"Changing principals while running\")")]
    public static partial void StartOnlySettingsChanged(ILogger logger, string keys);

    [LoggerMessage(EventId = 2020, Level = LogLevel.Error, Message = "Principals not reloaded, the {Count} in force stay: {Reason}")]
    public static partial void PrincipalsReloadRefused(ILogger logger, int count, string reason);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Partners {Partners} have principals but no inbound section of their own (Webhook:Partners:<partner>) while {Configured} have one: their handshake callbacks will be refused (401 webhook_unverified) and their journeys wait at the handshake. Give each its own Webhook:Partners:<partner>:Secret and restart (docs/server.md, \"Each partner's own inbound secret\")")]
    public static partial void PartnerInboundNotConfigured(ILogger logger, string partners, string configured);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Warning, Message = "Partner {Partner} has principals but no partner API of its own ({Setting}) while {Workflows} call the partner API: its journeys will stop at those steps on a PartnerApiNotConfigured incident and send nothing (never to Lenders:Partner or another partner's API). Set {Setting}:BaseUrl and :Authorization and restart")]
    public static partial void PartnerApiNotConfigured(ILogger logger, string partner, string setting, string workflows);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Warning, Message = "Forbidden: {Principal} ({Role}) needs {RequiredRole} for {Method} {Path}")]
    public static partial void Forbidden(ILogger logger, string principal, string role, string requiredRole, string method, string path);

    // The reason is free text (a borrower's name cannot be told from other words) and a log file is never rewritten: it
    // stays in the audit trail, which an erasure masks, and the line says whether there is one (docs/server.md, "Audit trail").
    [LoggerMessage(EventId = 2013, Level = LogLevel.Information, Message = "Operator action {Action} by {Principal} on journey {InstanceId} ({WorkflowId}), reason in the audit trail: {ReasonGiven}")]
    public static partial void OperatorAction(ILogger logger, string action, string principal, string instanceId, string workflowId, bool reasonGiven);

    [LoggerMessage(EventId = 2014, Level = LogLevel.Information, Message = "Retention redacted {Count} {What} ({Status})")]
    public static partial void RetentionRedacted(ILogger logger, int count, string what, string status);

    [LoggerMessage(EventId = 2015, Level = LogLevel.Warning, Message = "Retention batch failed; trying again next round")]
    public static partial void RetentionFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2016, Level = LogLevel.Information, Message = "Erasure by {Principal} of borrower {CustomerHash}: {Journeys} journey(s), {Inbox} inbox record(s), freed space purged {Purged} (purge failure {PurgeFailure})")]
    public static partial void Erased(ILogger logger, string principal, string customerHash, int journeys, int inbox, bool purged, string? purgeFailure);
}
