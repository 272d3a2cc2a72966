package io.distill.service.jobs;

import io.distill.core.jobs.JobStore;
import io.distill.service.config.DistillConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Makes the service's {@link JobStore}, in {@code <DISTILL_STORE_DIR>/jobs}. */
@ApplicationScoped
public class JobStoreProducer {

    @Produces
    @ApplicationScoped
    JobStore jobStore(DistillConfig config) {
        try {
            return new JobStore(config.storePath().resolve("jobs"));
        } catch (IOException e) {
            throw new UncheckedIOException("The job store in " + config.storeDir() + " cannot be opened: "
                    + e.getMessage(), e);
        }
    }
}
