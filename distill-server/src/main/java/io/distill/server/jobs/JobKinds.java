package io.distill.server.jobs;

/**
 * The kinds of job a service runs, by the name each job record carries. The service's
 * {@link JobControl} is its one source; {@link JobStore} asks it how to read a row's request.
 */
@FunctionalInterface
public interface JobKinds {

    /** The kind named {@code name}; an {@link IllegalStateException} if this service runs none so named. */
    JobKind<?> kind(String name);
}
