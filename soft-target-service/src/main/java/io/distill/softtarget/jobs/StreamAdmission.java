package io.distill.softtarget.jobs;

import io.distill.contract.events.ModelFormat;
import io.distill.contract.events.ModelReady;
import io.distill.contract.requests.ClassFilter;
import io.distill.contract.requests.RequestSize;
import io.distill.contract.requests.TransferSetRequest;
import io.distill.core.limits.JobMemory;
import io.distill.core.limits.LoadedModel;
import io.distill.server.datasets.DataSets;
import io.distill.server.limits.Admission;
import io.distill.softtarget.config.SoftTargetConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Whether this replica can stream a set: its request's size, the data it names, and every teacher
 * loaded at once beside the examples and two chunks of events (JobMemory#stream).
 */
@ApplicationScoped
public class StreamAdmission {

    private final DataSets dataSets;
    private final SoftTargetConfig config;
    private final Admission admission;

    public StreamAdmission(DataSets dataSets, SoftTargetConfig config, Admission admission) {
        this.dataSets = dataSets;
        this.config = config;
        this.admission = admission;
    }

    /**
     * Throws, naming the field to change, unless this replica can stream {@code sent} from {@code teachers};
     * returns it with the registered set's id in place of a name, which the job records: a name may later
     * name a newer registration.
     */
    public TransferSetRequest admit(TransferSetRequest sent, List<ModelReady> teachers) {
        RequestSize.require(sent, sent.planOrNull());
        DataSets.Resolved set = dataSets.require("dataset", sent.dataset());
        TransferSetRequest request = sent.withDataset(set.key());
        ClassFilter filter = set.classFilter(request.omitClasses(), request.onlyClasses());
        set.requireImagesFor("jitter", request.copies() > 1 ? request.jitter() : 0);
        String field = request.teacherJobId() != null ? "teacherJobId" : "teacherModelIds";
        List<LoadedModel> loaded = teachers.stream().map(teacher -> teacher.format() == ModelFormat.ONNX
                ? LoadedModel.imported(teacher.artifactBytes() == null ? 0 : teacher.artifactBytes(),
                        set.shape().features(), set.classes(), config.inferenceBatch(), field)
                : LoadedModel.of(teacher.architecture(), config.inferenceBatch(), field)).toList();
        admission.require(JobMemory.stream(loaded, examples(request, filter), request.copies(), config.chunk(),
                set.shape().features(), set.classes(), set.type().bytes()));
        return request;
    }

    /** How many examples the request selects, from the split's class counts, without copying them. */
    private long examples(TransferSetRequest request, ClassFilter filter) {
        int[] counts = dataSets.get(request.dataset()).get(request.split().value()).classCounts();
        long kept = 0;
        for (int c = 0; c < counts.length; c++) {
            kept += filter.keeps(c) ? counts[c] : 0;
        }
        return Math.min(kept, request.limit().orElse(Integer.MAX_VALUE));
    }
}
