package io.distill.student;

import io.distill.testkit.ConfigProfile;

/** Small students for tests: 784-256-256-10, 30 epochs of batch 50, a fresh store. */
public class SmallStudentProfile extends ConfigProfile {

    public SmallStudentProfile() {
        super("distill.student.hidden", "256,256", "distill.student.epochs", "30", "distill.student.batch-size", "50",
                "distill.student.transfer-set-timeout-seconds", "60");
    }
}
