package io.distill.server.outages;

import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * Repeats a step that must not be lost (a job's end, written to the database) while it fails only
 * because the database is away: the worker waits, with backoff up to 15 s, until the database is
 * back or the replica stops. Any other failure is thrown at once.
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
        long wait = FIRST_WAIT_MILLIS;
        for (int attempt = 1; ; attempt++) {
            try {
                step.run();
                if (attempt > 1) {
                    LOG.infof("The database is back: %s after %d attempts", what, attempt);
                }
                return;
            } catch (RuntimeException e) {
                if (Outage.of(e).orElse(null) != Outage.DATABASE || stop.getAsBoolean()) {
                    throw e;
                }
                if (attempt == 1) {
                    LOG.warnf("The database is unavailable; %s waits for it (%s)", what, e.getMessage());
                }
                sleep(wait);
                wait = Math.min(LONGEST_WAIT_MILLIS, wait * 2);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the database.", e);
        }
    }
}
