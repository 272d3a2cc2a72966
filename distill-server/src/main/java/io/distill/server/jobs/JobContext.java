package io.distill.server.jobs;

import io.distill.server.config.DistillConfig;
import io.distill.server.messaging.ProgressPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.validation.Validator;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Makes the {@link JobControl.Context} a service's jobs are built with. */
@ApplicationScoped
public class JobContext {

    @Produces
    @Singleton
    JobControl.Context context(JobStore store, JobEpochs epochs, JobRunner runner, ProgressPublisher progress,
            ResultAnnouncements results, JobMetrics metrics, Validator validator, DistillConfig config,
            @ConfigProperty(name = "quarkus.application.name") String service) {
        return new JobControl.Context(store, epochs, runner, progress, results, metrics, validator, service,
                config.instanceId(), config.jobs().maxAttempts(), config.jobs().outageRetryDelay());
    }
}
