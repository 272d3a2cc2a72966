package io.distill.specialist.messaging;

import io.distill.contract.events.Topics;
import io.distill.contract.events.TransferSetManifest;
import io.distill.contract.requests.EnsembleRequest;
import io.distill.contract.runs.PlanJobs;
import io.distill.server.transfer.TransferSetRegistry;
import io.distill.specialist.config.SpecialistDefaults;
import io.distill.specialist.jobs.EnsembleJobs;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Learns of transfer sets from {@code transfer-sets}, and starts the ensembles a COMPLETE set's plan
 * lists: ensemble {@code i} of set {@code s} is job {@code <s>-e<i>}, created once. The generalist is
 * the set's teacher: an entry may name {@code generalistModelId}; otherwise it is the set's first
 * teacher (for an ensemble of teachers, member 0: the specialists need one net to copy).
 */
@ApplicationScoped
public class PlannedEnsembles {

    private final TransferSetRegistry registry;
    private final EnsembleJobs jobs;
    private final SpecialistDefaults defaults;

    public PlannedEnsembles(TransferSetRegistry registry, EnsembleJobs jobs, SpecialistDefaults defaults) {
        this.registry = registry;
        this.jobs = jobs;
        this.defaults = defaults;
    }

    @Incoming(Topics.TRANSFER_SETS)
    @Blocking
    public CompletionStage<Void> onManifest(Message<String> message) {
        return registry.onRecord(message, manifest -> jobs.startPlanned(manifest.transferSetId(), PlanJobs.ENSEMBLES,
                manifest.plan() == null ? List.of() : manifest.plan().ensembles(), EnsembleJobs.ENSEMBLE, e -> e,
                (id, entry) -> jobs.createFromPlan(id, request(manifest, entry))));
    }

    private EnsembleRequest request(TransferSetManifest manifest, EnsembleRequest entry) {
        List<String> teachers = manifest.teacherModelIds();
        if (entry.generalistModelId() == null && (teachers == null || teachers.isEmpty())) {
            throw new IllegalArgumentException("Transfer set " + manifest.transferSetId()
                    + " plans ensembles but names no teacher to serve as generalist");
        }
        String firstTeacher = teachers == null || teachers.isEmpty() ? null : teachers.get(0);
        return SpecialistDefaults.complete(entry.forTransferSet(manifest.transferSetId(), firstTeacher), defaults);
    }
}
