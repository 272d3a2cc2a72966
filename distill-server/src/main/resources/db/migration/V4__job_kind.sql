-- What a job is, as its service names it (teacher, teacher-member, transfer-set, student, ensemble,
-- specialist, control): it picks the job's handler and the record its request is read as, so that no
-- code tells a job's kind from the shape of its id. JobStore keeps it equal to the body's "kind".
-- Only the service knows the kinds of the jobs stored before this column: each service's own
-- migration 4.1 (in its module's db/migration) names them, and then requires a kind of every row.
alter table distill_jobs add column kind text;
