-- Session 46: the audit trail says "from where" (docs/server.md, "Audit trail", "From where"). Each entry made from a
-- request records the client's address (the socket peer, or what a proxy named in Server:ForwardedHeaders:KnownProxies
-- forwarded), how the principal signed in (key, session or bearer) and an id for that means (the key's principal name, the
-- session's id, the token's subject; never a key or a token), and the user agent cut to 200 characters. Entries from
-- before this migration, and the retention job's, have none of them (shown as "—").
ALTER TABLE audit_log ADD COLUMN client_address TEXT;
ALTER TABLE audit_log ADD COLUMN auth_method TEXT;
ALTER TABLE audit_log ADD COLUMN auth_id TEXT;
ALTER TABLE audit_log ADD COLUMN user_agent TEXT;
