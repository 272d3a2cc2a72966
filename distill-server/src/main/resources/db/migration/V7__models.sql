-- Every model this service published (ModelSummary as JSON in body), so that GET /models lists and
-- filters them; the artifact and its full metadata stay in the object store. A model published again
-- (after a takeover) replaces its row.
create table distill_models (
    id         text        primary key,
    kind       text        not null,
    job_id     text,
    dataset    text,
    created_at timestamptz not null,
    body       jsonb       not null
);
create index distill_models_created on distill_models (created_at, id);
