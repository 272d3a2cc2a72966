package io.distill.teacher;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;
import java.util.UUID;

/** Small teachers for tests: 784-64-10, one epoch on the first 5,000 training images, a fresh store. */
public class SmallTeacherProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "distill.teacher.hidden", "64",
                "distill.teacher.epochs", "1",
                "distill.teacher.train-limit", "5000",
                "distill.teacher.batch-size", "100",
                "distill.store-dir", "target/test-store/" + UUID.randomUUID());
    }
}
