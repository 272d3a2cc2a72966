-- Each job's epochs as they ended (JobEpoch as JSON in body), so that a learning curve outlives the
-- distill-progress topic's retention. An epoch trained again after a restart replaces its row.
create table distill_job_epochs (
    job_id text    not null references distill_jobs (id) on delete cascade,
    epoch  integer not null,
    body   jsonb   not null,
    primary key (job_id, epoch)
);
