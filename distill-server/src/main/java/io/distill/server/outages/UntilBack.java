package io.distill.server.outages;

import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Repeats a step that must not be lost (a job's end, written to the database; a record read from a
 * topic) while it fails only because a dependency is away: the worker waits, with backoff up to 15 s,
 * until it is back or the replica stops. Any other failure is thrown at once.
 */
public final class UntilBack {

    private static final Logger LOG = Logger.getLogger(UntilBack.class);
    private static final long FIRST_WAIT_MILLIS = 500;
    private static final long LONGEST_WAIT_MILLIS = 15_000;

    private UntilBack() {}

    /**
     * Runs {@code step} until it does not fail for a database outage; {@code stop} says that the
     * replica is going away, and the step's last failure is then thrown for the scheduler's recovery.
     */
    public static void database(String what, Runnable step, BooleanSupplier stop) {
        fromDatabase(what, nothing(step), stop);
    }

    /** What {@code step} answers once it does not fail for a database outage, as {@link #database} runs it. */
    public static <T> T fromDatabase(String what, Supplier<T> step, BooleanSupplier stop) {
        return repeat(what, step, stop, outage -> outage == Outage.DATABASE);
    }

    /**
     * Runs {@code step} until it does not fail for an outage of the database or the object store;
     * {@code stop} says that the replica is going away, and the step's last failure is then thrown.
     */
    public static void anyOutage(String what, Runnable step, BooleanSupplier stop) {
        repeat(what, nothing(step), stop, outage -> true);
    }

    private static Supplier<Void> nothing(Runnable step) {
        return () -> {
            step.run();
            return null;
        };
    }

    private static <T> T repeat(String what, Supplier<T> step, BooleanSupplier stop, Predicate<Outage> waitsFor) {
        long wait = FIRST_WAIT_MILLIS;
        for (int attempt = 1; ; attempt++) {
            try {
                T answer = step.get();
                if (attempt > 1) {
                    LOG.infof("The outage is over: %s after %d attempts", what, attempt);
                }
                return answer;
            } catch (RuntimeException e) {
                Outage outage = Outage.of(e).orElse(null);
                if (outage == null || !waitsFor.test(outage) || stop.getAsBoolean()) {
                    throw e;
                }
                if (attempt == 1) {
                    LOG.warnf("%s is unavailable; %s waits for it (%s)", outage.what(), what, e.getMessage());
                }
                sleep(wait, outage);
                wait = Math.min(LONGEST_WAIT_MILLIS, wait * 2);
            }
        }
    }

    private static void sleep(long millis, Outage outage) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + outage.what() + ".", e);
        }
    }
}
