-- Session 47: a webhook keeps the W3C trace context (traceparent, 55 characters: version, trace id, span id, flags) of the
-- request that brought it, when that request's span was recorded; nothing of the body. A webhook buffered before its
-- journey waits is consumed later by a commit of the journey: the step it resumes links its span to this request's span
-- (docs/engine.md, "Telemetry"). Events from before this migration have none and their steps no link.
ALTER TABLE webhook_inbox ADD COLUMN traceparent TEXT;
