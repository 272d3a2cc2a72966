package io.distill.server.outages;

import java.io.IOException;

/**
 * The object store did not answer for an object through all its retries (a connection refused, a
 * time-out, a 5xx): an {@link Outage}, named by the object's key, never by a local path or endpoint.
 */
public final class ObjectStoreUnavailableException extends IOException {

    public ObjectStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
