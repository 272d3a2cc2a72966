-- The shared module's package is io.distill.server (it was io.distill.service). Quartz keeps the job
-- class of every trigger it holds by name, so jobs queued before the upgrade name the old package.
update qrtz_job_details
set job_class_name = replace(job_class_name, 'io.distill.service.', 'io.distill.server.')
where job_class_name like 'io.distill.service.%';
