package io.distill.server.health;

import io.distill.server.runtime.EngineRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only when the DJL engine loaded and the configured device is usable. */
@Readiness
@ApplicationScoped
public class EngineReadiness implements HealthCheck {

    private final EngineRuntime runtime;

    public EngineReadiness(EngineRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public HealthCheckResponse call() {
        if (runtime.problem() != null) {
            return HealthCheckResponse.named("engine").down().withData("error", runtime.problem()).build();
        }
        return HealthCheckResponse.named("engine").up()
                .withData("engine", runtime.engine().getEngineName())
                .withData("device", runtime.device().toString())
                .build();
    }
}
