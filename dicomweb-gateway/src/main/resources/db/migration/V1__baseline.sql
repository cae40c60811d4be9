-- The gateway's schema. It starts empty: its tables (ingest bookkeeping, outbox) arrive with the
-- ingest feature. Having the schema and Flyway history from day one keeps migrations forward-only.
select 1;
