package io.distill.teacher.jobs;

import io.distill.contract.datasets.ElementType;
import io.distill.contract.events.ModelFormat;
import io.distill.contract.events.ModelReady;
import io.distill.contract.events.ModelReadyBuilder;
import io.distill.contract.jobs.FieldException;
import io.distill.contract.json.Json;
import io.distill.contract.metrics.TeacherMetrics;
import io.distill.contract.requests.ClassFilter;
import io.distill.contract.requests.TeacherImport;
import io.distill.core.artifact.ModelArtifact;
import io.distill.core.artifact.ModelMetadata;
import io.distill.core.artifact.ModelMetadataBuilder;
import io.distill.core.artifact.Sha256;
import io.distill.core.data.Datasets;
import io.distill.core.data.ExampleSet;
import io.distill.core.data.FeatureScaling;
import io.distill.core.limits.JobMemory;
import io.distill.core.onnx.ImportScoring;
import io.distill.core.onnx.OnnxInference;
import io.distill.server.datasets.DataSets;
import io.distill.server.datasets.DatasetSources;
import io.distill.server.limits.Admission;
import io.distill.server.models.ModelStore;
import io.distill.server.objects.ObjectStore;
import io.distill.teacher.messaging.ModelPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * Teachers trained elsewhere: an ONNX file checked against the data set it is to teach on, scored on its test
 * and validation splits, stored with its SHA-256 and announced on {@code teacher-models} like a trained teacher,
 * as format {@code onnx}. The id derives from the file, the set and the input form, so importing the same
 * model the same way twice gives the first import.
 */
@ApplicationScoped
public class TeacherImports {

    private static final Logger LOG = Logger.getLogger(TeacherImports.class);

    private final ModelStore models;
    private final DataSets dataSets;
    private final ModelPublisher publisher;
    private final ObjectStore uploads;
    private final Admission admission;
    /** One import at a time: each is admitted as one job's share, beside the jobs the workers run. */
    private final ReentrantLock importing = new ReentrantLock();

    public TeacherImports(ModelStore models, DataSets dataSets, ModelPublisher publisher, ObjectStore store,
            Admission admission) {
        this.admission = admission;
        this.models = models;
        this.dataSets = dataSets;
        this.publisher = publisher;
        this.uploads = store.under(DatasetSources.UPLOADS);
    }

    /** An imported teacher, and whether this call imported it (false: it was imported before). */
    public record Imported(ModelMetadata metadata, boolean created) {}

    /** Imports the file the request names in the bucket. */
    public Imported fromBucket(TeacherImport request) throws Exception {
        Path file = Files.createTempFile("import", ".onnx");
        try {
            if (!uploads.download(request.source(), file)) {
                throw new FieldException("source", "is " + request.source() + ", which is not in the bucket under "
                        + DatasetSources.UPLOADS);
            }
            return fromFile(file, request);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Imports an ONNX file already on this replica's disk (an upload's body, or a download). */
    public Imported fromFile(Path file, TeacherImport request) throws Exception {
        DataSets.Resolved set = dataSets.require("dataset", request.dataset());
        admission.require(JobMemory.teacherImport(Files.size(file), set.shape().features(), set.classes(),
                ImportScoring.BATCH, "source"));
        importing.lock();
        try {
            return importChecked(file, request, set);
        } finally {
            importing.unlock();
        }
    }

    private Imported importChecked(Path file, TeacherImport request, DataSets.Resolved set) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        String sha256 = Sha256.of(bytes);
        String id = "ti-" + Sha256.of((sha256 + "\n" + set.key() + "\n" + Json.mapper().writeValueAsString(
                request.input())).getBytes(StandardCharsets.UTF_8)).substring(0, 16);
        Optional<ModelMetadata> earlier = models.metadata(id);
        if (earlier.isPresent()) {
            return new Imported(earlier.get(), false);
        }
        long started = System.nanoTime();
        Datasets.Splits splits = dataSets.get(set.key());
        Optional<FeatureScaling> scaling = dataSets.featureScaling(set.key());
        TeacherMetrics metrics;
        try (OnnxInference model = OnnxInference.checked(bytes, set.shape(), set.classes(), request.input())) {
            metrics = ImportScoring.score(model, raw(splits.validation(), scaling), raw(splits.test(), scaling));
        }
        Path dir = Files.createDirectories(models.dir(id));
        Files.copy(file, dir.resolve(ModelArtifact.ONNX), StandardCopyOption.REPLACE_EXISTING);
        ModelMetadata metadata = ModelMetadataBuilder.builder().modelId(id).kind("teacher").dataset(set.key())
                .filters(ClassFilter.ALL).metrics(metrics).engine("OnnxRuntime").createdAt(Instant.now())
                .sha256(sha256).format(ModelFormat.ONNX).input(request.input()).build();
        ModelArtifact.writeMetadata(dir, metadata);
        models.publish(id, null);
        ModelReady event = ModelReadyBuilder.builder().modelId(id).kind("teacher").jobId(id).ensembleId(id)
                .member(0).ensembleSize(1).dataset(set.key()).metrics(metrics)
                .artifactUri(models.artifactUri(id) + "?format=onnx")
                .sha256(sha256).createdAt(metadata.createdAt()).format(ModelFormat.ONNX).input(request.input())
                .artifactBytes((long) bytes.length).build();
        publisher.publish(event).toCompletableFuture().get(60, TimeUnit.SECONDS);
        LOG.infof("Imported teacher %s for %s: %,d bytes of ONNX, %d test errors of %d, in %.1f s", id, set.key(),
                bytes.length, metrics.testErrors(), metrics.testTotal(), (System.nanoTime() - started) / 1e9);
        return new Imported(metadata, true);
    }

    /** A split's examples with raw values, as a model trained elsewhere takes them. */
    private static ExampleSet raw(ExampleSet split, Optional<FeatureScaling> scaling) {
        return split.type() == ElementType.UINT8 ? split : scaling.orElseThrow().raw(split);
    }
}
