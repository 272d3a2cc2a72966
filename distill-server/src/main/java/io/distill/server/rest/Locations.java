package io.distill.server.rest;

import io.distill.server.config.DistillConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;

/**
 * Absolute URLs of this service's resources, built from {@code DISTILL_PUBLIC_URL}, never from the
 * request's Host header: behind a Kubernetes Service or a gateway, the address a client should come
 * back to is the public one, whichever replica answered.
 */
@ApplicationScoped
public class Locations {

    private final String base;

    public Locations(DistillConfig config) {
        this.base = config.publicBase();
    }

    /** The public URL of {@code path}, which starts with a slash. */
    public URI of(String path) {
        return URI.create(base + path);
    }
}
