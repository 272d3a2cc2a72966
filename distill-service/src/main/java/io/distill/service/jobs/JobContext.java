package io.distill.service.jobs;

import io.distill.service.config.DistillConfig;
import io.distill.service.messaging.ProgressPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.validation.Validator;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Makes the {@link JobService.Context} a service's jobs are built with. */
@ApplicationScoped
public class JobContext {

    @Produces
    @Singleton
    JobService.Context context(JobStore store, JobRunner runner, ProgressPublisher progress,
            ResultAnnouncements results, JobMetrics metrics, Validator validator, DistillConfig config,
            @ConfigProperty(name = "quarkus.application.name") String service) {
        return new JobService.Context(store, runner, progress, results, metrics, validator, service,
                config.instanceId(), config.jobs().maxAttempts(), config.jobs().outageRetryDelay());
    }
}
