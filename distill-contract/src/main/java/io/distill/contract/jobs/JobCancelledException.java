package io.distill.contract.jobs;

/** The job was cancelled: thrown where its work stops, a training run at its next batch or a stream read. */
public final class JobCancelledException extends RuntimeException {

    public JobCancelledException(String message) {
        super(message);
    }
}
