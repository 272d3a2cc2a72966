package io.distill.softtarget.jobs;

import io.distill.contract.events.ModelReady;
import io.distill.contract.requests.Plan;
import io.distill.contract.runs.PlanJobs;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * The soft-target service's part of a pipeline plan. When the last member of a teacher ensemble is
 * announced, it starts each of the plan's {@code transferSets} on that ensemble, carrying the set's
 * {@code name}, {@code students} and {@code ensembles} on into its manifest. Set {@code i} gets the
 * id {@code <teacherJobId>-ts<i>}, so a repeated announcement, or two replicas seeing the last member
 * at once, start nothing twice. A bad entry fails alone, recorded with its reason.
 */
@ApplicationScoped
public class PlanTrigger {

    private static final Logger LOG = Logger.getLogger(PlanTrigger.class);

    private final TeacherRegistry registry;
    private final TransferSets transferSets;

    public PlanTrigger(TeacherRegistry registry, TransferSets transferSets) {
        this.registry = registry;
        this.transferSets = transferSets;
    }

    public void onTeacher(ModelReady teacher) {
        Plan plan = teacher.plan();
        if (plan == null || plan.transferSets().isEmpty() || teacher.ensembleId() == null) {
            return;
        }
        int announced = registry.announced(teacher.ensembleId()).size();
        if (announced < teacher.ensembleSize()) {
            LOG.infof("Plan of %s waits: %d of %d ensemble members announced", teacher.ensembleId(), announced,
                    teacher.ensembleSize());
            return;
        }
        transferSets.startPlanned(teacher.ensembleId(), PlanJobs.TRANSFER_SETS, plan.transferSets(), TransferSets.TRANSFER_SET,
                entry -> entry.request(teacher.ensembleId(), teacher.dataset()),
                (id, entry) -> transferSets.createFromPlan(id, entry.request(teacher.ensembleId(), teacher.dataset())));
    }
}
