package io.distill.student.messaging;

import io.distill.contract.events.Topics;
import io.distill.contract.runs.PlanJobs;
import io.distill.server.transfer.TransferSetRegistry;
import io.distill.student.config.StudentDefaults;
import io.distill.student.jobs.StudentJobs;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Learns of transfer sets from {@code transfer-sets}, and starts the students a COMPLETE set's plan
 * lists: student {@code i} of set {@code s} is job {@code <s>-s<i>}, created once.
 */
@ApplicationScoped
public class PlannedStudents {

    private final TransferSetRegistry registry;
    private final StudentJobs jobs;
    private final StudentDefaults defaults;

    public PlannedStudents(TransferSetRegistry registry, StudentJobs jobs, StudentDefaults defaults) {
        this.registry = registry;
        this.jobs = jobs;
        this.defaults = defaults;
    }

    @Incoming(Topics.TRANSFER_SETS)
    @Blocking
    public CompletionStage<Void> onManifest(Message<String> message) {
        return registry.onRecord(message, manifest -> jobs.startPlanned(manifest.transferSetId(), PlanJobs.STUDENTS,
                manifest.plan() == null ? List.of() : manifest.plan().students(), StudentJobs.STUDENT, s -> s,
                (id, student) -> jobs.createFromPlan(id,
                        StudentDefaults.complete(student.forTransferSet(manifest.transferSetId()), defaults))));
    }
}
