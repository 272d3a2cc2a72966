package io.distill.core.train;

/** Thrown by a listener to stop a run at the next batch, for example when its job is cancelled. */
public final class TrainingCancelledException extends RuntimeException {

    public TrainingCancelledException(String message) {
        super(message);
    }
}
