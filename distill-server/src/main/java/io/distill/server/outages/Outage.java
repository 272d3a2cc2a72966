package io.distill.server.outages;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * A shared dependency that is away for a while, told from a failure's causes: the database (a
 * connection that cannot be made or was cut), the object store (still failing after its retries,
 * {@link ObjectStoreUnavailableException}) or the broker (a Kafka client's time-out). Such a failure is
 * not the request's or the job's fault: the API answers 503 with {@code Retry-After}, and a job is tried
 * again once the dependency is back.
 */
public enum Outage {

    DATABASE("the database"),
    OBJECT_STORE("the object store"),
    /** Kafka's broker, when a client gave up waiting for it (reading a transfer set, say). */
    BROKER("the broker");

    /** Seconds a client is asked to wait before trying again ({@code Retry-After}). */
    public static final int RETRY_AFTER_SECONDS = 10;

    private final String what;

    Outage(String what) {
        this.what = what;
    }

    /** What is away, for messages: "the database". */
    public String what() {
        return what;
    }

    /** The outage behind {@code failure}, if one of its causes is one. */
    public static Optional<Outage> of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ObjectStoreUnavailableException) {
                return Optional.of(OBJECT_STORE);
            }
            if (t instanceof SQLException sql && isConnectionFailure(sql)) {
                return Optional.of(DATABASE);
            }
            if (t instanceof TimeoutException) {
                return Optional.of(BROKER);
            }
        }
        return Optional.empty();
    }

    /**
     * SQLSTATE class 08 (connection exception), 57P01-57P03 (the server shutting down or starting up),
     * and the pool's own timeout while it waits for a connection that cannot be made.
     */
    private static boolean isConnectionFailure(SQLException e) {
        String state = e.getSQLState();
        if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
            return true;
        }
        return e instanceof SQLTransientConnectionException
                || (e.getMessage() != null && e.getMessage().contains("cquisition timeout"));
    }
}
