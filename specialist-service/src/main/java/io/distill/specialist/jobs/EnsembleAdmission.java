package io.distill.specialist.jobs;

import io.distill.contract.events.ModelFormat;
import io.distill.contract.events.ModelReady;
import io.distill.contract.events.TransferSetManifest;
import io.distill.contract.jobs.FieldException;
import io.distill.contract.requests.EnsembleRequest;
import io.distill.contract.requests.RequestSize;
import io.distill.core.limits.JobMemory;
import io.distill.server.datasets.DataSets;
import io.distill.server.limits.Admission;
import io.distill.server.transfer.TransferSetRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Whether this replica can hold an ensemble: its own job (the set read to plan, then the generalist
 * and every specialist loaded to combine) and each child (a specialist or the control, training a
 * net of the generalist's shape beside it). Children are jobs of their own, so each is held to one
 * worker's share alone. What is unknown when the ensemble is queued is checked once it is known.
 */
@ApplicationScoped
public class EnsembleAdmission {

    private final GeneralistRegistry generalists;
    private final TransferSetRegistry transferSets;
    private final Admission admission;
    private final DataSets dataSets;

    public EnsembleAdmission(GeneralistRegistry generalists, TransferSetRegistry transferSets, Admission admission,
            DataSets dataSets) {
        this.generalists = generalists;
        this.transferSets = transferSets;
        this.admission = admission;
        this.dataSets = dataSets;
    }

    /** At queueing: the request's size, and its memory as far as this replica knows its inputs now. */
    public void admit(EnsembleRequest request) {
        RequestSize.require(request, request.planOrNull());
        Optional<ModelReady> generalist = generalists.get(request.generalistModelId());
        Optional<TransferSetManifest> set = transferSets.get(request.transferSetId());
        set.ifPresent(m -> dataSets.require("transferSetId", m.filters().dataset()).checkEnsemble("", request));
        long events = set.map(TransferSetManifest::count).orElse(0L);
        if (generalist.isPresent()) {
            admit(request, generalist.get(), events);
        } else {
            admission.require(JobMemory.transferSet(events, JobMemory.HEAP_BYTES_PER_EVENT, "transferSetId"));
        }
    }

    /** Once both inputs are known, before the set is read. */
    public void admit(EnsembleRequest request, ModelReady generalist, long events) {
        if (generalist.format() == ModelFormat.ONNX) {
            throw new FieldException("generalistModelId", "is " + generalist.modelId() + ", a teacher imported as"
                    + " ONNX: its specialists would start from its weights and its architecture, which an imported"
                    + " graph does not give; use a teacher trained here, or a student distilled from this one");
        }
        admission.require(JobMemory.specialist(request, generalist.architecture(), events),
                JobMemory.ensemble(request, generalist.architecture(), events));
    }
}
