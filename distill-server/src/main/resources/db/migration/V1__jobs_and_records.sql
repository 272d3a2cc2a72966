-- Every service migrates its own schema (quarkus.flyway.schemas) with these same tables.

-- Job records, one row each. The whole record is kept as JSON in body; the columns beside it are
-- what queries select or order on, kept equal to the JSON by JobStore.
create table distill_jobs (
    id               text        primary key,
    parent_id        text,
    state            text        not null,
    cancel_requested boolean     not null default false,
    created_at       timestamptz not null,
    updated_at       timestamptz not null,
    body             jsonb       not null
);
create index distill_jobs_parent on distill_jobs (parent_id);
create index distill_jobs_state on distill_jobs (state);

-- What a service has learned from its topics (teachers, generalists, transfer-set manifests): one
-- JSON record per kind and id, replaced by a newer event with the same id.
create table distill_records (
    kind       text        not null,
    id         text        not null,
    body       jsonb       not null,
    updated_at timestamptz not null,
    primary key (kind, id)
);
