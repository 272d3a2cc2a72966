package io.distill.specialist;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;
import java.util.UUID;

/** Small ensembles for tests: 3 epochs of batch 100 per specialist, two at once, a fresh store. */
public class SmallEnsembleProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "distill.specialist.epochs", "3",
                "distill.specialist.batch-size", "100",
                "quarkus.quartz.thread-count", "2",
                "distill.specialist.input-timeout-seconds", "120",
                "distill.store-dir", "target/test-store/" + UUID.randomUUID());
    }
}
