-- A final job's JobResult counts as announced once the broker has acknowledged it. Until then any
-- replica's ResultAnnouncements sends it again, so that a replica killed (or a broker away) between
-- the state change and the acknowledgement loses no result. JobStore.save clears the flag whenever
-- the state changes, in the same statement.
alter table distill_jobs add column result_announced boolean not null default false;
-- Jobs that ended before this migration were announced as they ended.
update distill_jobs set result_announced = true where state in ('SUCCEEDED', 'FAILED', 'CANCELLED');
create index distill_jobs_unannounced on distill_jobs (updated_at)
    where not result_announced and state in ('SUCCEEDED', 'FAILED', 'CANCELLED');
