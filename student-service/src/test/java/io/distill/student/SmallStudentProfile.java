package io.distill.student;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;
import java.util.UUID;

/** Small students for tests: 784-256-256-10, 30 epochs of batch 50, a fresh store. */
public class SmallStudentProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "distill.student.hidden", "256,256",
                "distill.student.epochs", "30",
                "distill.student.batch-size", "50",
                "distill.student.transfer-set-timeout-seconds", "60",
                "distill.store-dir", "target/test-store/" + UUID.randomUUID());
    }
}
