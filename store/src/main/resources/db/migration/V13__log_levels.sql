-- The level a build log line's text names (error | warn | info | debug, see the store's
-- LogLevel), classified by the writer; null when the line names none. Lines written before
-- this migration have none: the level filter leaves them out.
alter table deployment_logs
    add column level text check (level in ('error', 'warn', 'info', 'debug'));
