package io.distill.server.health;

import io.distill.server.config.DistillConfig;
import io.distill.server.objects.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the object store answers for the bucket that holds this service's artifacts. */
@Readiness
@ApplicationScoped
public class ObjectStoreReadiness implements HealthCheck {

    private final ObjectStore objects;
    private final DistillConfig config;

    public ObjectStoreReadiness(ObjectStore objects, DistillConfig config) {
        this.objects = objects;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("object-store")
                .withData("endpoint", config.objectStore().endpoint())
                .withData("bucket", config.objectStore().bucket())
                .withData("instance", config.instanceId());
        try {
            objects.prompt().check();
            return response.up().build();
        } catch (IOException e) {
            return response.down().withData("error", e.getMessage()).build();
        }
    }
}
