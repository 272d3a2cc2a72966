package io.distill.server.health;

import io.distill.contract.requests.DatasetNames;
import io.distill.core.data.Datasets;
import io.distill.server.config.DistillConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready when MNIST is in the data directory; reports which data sets are there. */
@Readiness
@ApplicationScoped
public class DataReadiness implements HealthCheck {

    private final DistillConfig config;

    public DataReadiness(DistillConfig config) {
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("data")
                .withData("dataDir", config.dataDir());
        boolean mnist = false;
        for (String name : DatasetNames.NAMES) {
            boolean present = Datasets.isPresent(config.dataPath(), name);
            response.withData(name, present ? "present" : "missing");
            mnist |= present && name.equals(DatasetNames.MNIST);
        }
        if (!mnist) {
            response.withData("error", "MNIST is missing from " + config.dataDir()
                    + "; run deploy/data/fetch-all.sh with DISTILL_DATA_DIR set to it");
        }
        return response.status(mnist).build();
    }
}
