package io.distill.teacher;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;
import java.util.UUID;

/** A data directory with no data set in it. */
public class MissingDataProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "distill.data-dir", "target/no-data-" + UUID.randomUUID(),
                "distill.store-dir", "target/test-store/" + UUID.randomUUID());
    }
}
