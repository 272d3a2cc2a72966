package io.distill.specialist;

import io.distill.testkit.ConfigProfile;

/** Small ensembles for tests: 3 epochs of batch 100 per specialist, two at once, a fresh store. */
public class SmallEnsembleProfile extends ConfigProfile {

    public SmallEnsembleProfile() {
        super("distill.specialist.epochs", "3", "distill.specialist.batch-size", "100", "quarkus.quartz.thread-count",
                "2", "distill.specialist.input-timeout-seconds", "120");
    }
}
