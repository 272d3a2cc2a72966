package io.distill.server.jobs;

/**
 * This replica's run of a job finds that the job has since been started again elsewhere (the cluster
 * took this replica for dead during an outage): it stops without writing anything, leaving the job to
 * the newer run. The job's attempt number is the fence.
 */
final class JobTakenOverException extends RuntimeException {

    JobTakenOverException(String jobId, int attempt, int current) {
        super("Job " + jobId + " was started again (attempt " + current + ") while attempt " + attempt
                + " ran here; this run stops.", null, false, false);
    }
}
