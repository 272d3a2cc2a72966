package io.distill.teacher;

import io.distill.testkit.ConfigProfile;

/** Small teachers for tests: 784-64-10, one epoch on the first 5,000 training images, a fresh store. */
public class SmallTeacherProfile extends ConfigProfile {

    public SmallTeacherProfile() {
        super("distill.teacher.hidden", "64", "distill.teacher.epochs", "1", "distill.teacher.train-limit", "5000",
                "distill.teacher.batch-size", "100");
    }
}
