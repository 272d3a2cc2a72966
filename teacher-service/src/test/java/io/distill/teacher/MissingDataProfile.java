package io.distill.teacher;

import io.distill.testkit.ConfigProfile;
import java.util.UUID;

/** A data directory with no data set in it. */
public class MissingDataProfile extends ConfigProfile {

    public MissingDataProfile() {
        super("distill.data-dir", "target/no-data-" + UUID.randomUUID());
    }
}
