package io.distill.server.models;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.distill.contract.datasets.DatasetManifest;
import io.distill.contract.datasets.ElementType;
import io.distill.contract.jobs.FieldException;
import io.distill.contract.json.Json;
import io.distill.contract.requests.Combine;
import io.distill.contract.requests.DatasetNames;
import io.distill.core.artifact.ModelArtifact;
import io.distill.core.artifact.ModelMetadata;
import io.distill.core.artifact.Sha256;
import io.distill.core.data.FeatureScaling;
import io.distill.core.model.Models;
import io.distill.core.onnx.OnnxExport;
import io.distill.server.datasets.DataSets;
import io.distill.server.runtime.EngineRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * Models as ONNX ({@code GET /models/{id}/artifact?format=onnx}): a teacher or a student is exported from
 * its verified local artifact once per replica, into its cache directory, with its data set's input form,
 * scaling and class names in the model's metadata properties.
 */
@ApplicationScoped
public class OnnxExports {

    /** The file an export is kept in, beside the model's DJL artifact. */
    public static final String FILE = "model.onnx";
    /** The kinds of model that are one net, and so one ONNX graph. */
    private static final Set<String> SINGLE_NETS = Set.of("teacher", "student");

    private final ModelStore store;
    private final DataSets dataSets;
    private final EngineRuntime runtime;
    private final Map<String, Exported> exported = new ConcurrentHashMap<>();

    public OnnxExports(ModelStore store, DataSets dataSets, EngineRuntime runtime) {
        this.store = store;
        this.dataSets = dataSets;
        this.runtime = runtime;
    }

    /** A model's ONNX file and its SHA-256, lower-case hex. */
    public record Exported(Path file, String sha256) {}

    /** The ONNX file of a published model, exported on first use; concurrent requests export it once. */
    public Exported export(ModelMetadata metadata) throws IOException {
        if (!SINGLE_NETS.contains(metadata.kind())) {
            throw new FieldException("format", "is onnx, but model " + metadata.modelId() + " is a " + metadata.kind()
                    + ", which does not export to ONNX: a specialist ensemble combines its nets by minimising a KL"
                    + " divergence for each example, an optimisation rather than a graph; export its generalist"
                    + " (a teacher) instead");
        }
        return cached(metadata.modelId(), () -> write(metadata));
    }

    /**
     * The ONNX file of an ensemble of published teachers, {@code ensembleId}'s members, as one graph whose
     * logits are their distributions combined ({@code arithmetic} or {@code geometric}, as a transfer set
     * combines them); exported on first use into {@code ensembleId}'s cache directory.
     */
    public Exported exportEnsemble(String ensembleId, List<ModelMetadata> members, Combine combine)
            throws IOException {
        return cached(ensembleId + "/" + combine.value(),
                () -> writeEnsemble(ensembleId, members, combine.value()));
    }

    /** An export that writes its file. */
    private interface Export {
        Exported write() throws IOException;
    }

    /** The export kept under {@code key}, written on first use; concurrent requests write it once. */
    private Exported cached(String key, Export export) throws IOException {
        try {
            return exported.computeIfAbsent(key, k -> {
                try {
                    return export.write();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private Exported writeEnsemble(String ensembleId, List<ModelMetadata> members, String combine)
            throws IOException {
        Path dir = Files.createDirectories(store.dir(ensembleId));
        Path file = dir.resolve("ensemble-" + combine + ".onnx");
        if (!Files.isRegularFile(file)) {
            List<ModelArtifact.Loaded> loaded = new ArrayList<>();
            Path partial = Files.createTempFile(dir, file.getFileName().toString(), ".partial");
            try {
                for (ModelMetadata member : members) {
                    loaded.add(ModelArtifact.load(store.local(member.modelId()), runtime.engine(), runtime.device()));
                }
                ModelMetadata first = members.get(0);
                Map<String, String> properties = properties(first);
                properties.put("distill.model_id", ensembleId);
                properties.put("distill.kind", "teacher-ensemble");
                properties.put("distill.members", Json.mapper().writeValueAsString(
                        members.stream().map(ModelMetadata::modelId).toList()));
                properties.put("distill.combine", combine);
                properties.put("distill.params_sha256", Json.mapper().writeValueAsString(
                        members.stream().map(ModelMetadata::sha256).toList()));
                Files.write(partial, OnnxExport.exportEnsemble(loaded.stream().map(l -> Models.classifier(l.model()))
                        .toList(), combine, type(first), scaling(first), properties));
                Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(partial);
                for (ModelArtifact.Loaded l : loaded) {
                    l.close();
                }
            }
        }
        return new Exported(file, Sha256.of(file));
    }

    private Exported write(ModelMetadata metadata) throws IOException {
        Path dir = store.local(metadata.modelId());
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            Path partial = Files.createTempFile(dir, FILE, ".partial");
            try (ModelArtifact.Loaded loaded = ModelArtifact.load(dir, runtime.engine(), runtime.device())) {
                Files.write(partial, OnnxExport.export(Models.classifier(loaded.model()), type(metadata),
                        scaling(metadata), properties(metadata)));
                Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(partial);
            }
        }
        return new Exported(file, Sha256.of(file));
    }

    private ElementType type(ModelMetadata metadata) {
        return isBuiltIn(metadata) ? ElementType.UINT8 : dataSets.require("dataset", metadata.dataset()).type();
    }

    private Optional<FeatureScaling> scaling(ModelMetadata metadata) {
        return isBuiltIn(metadata) ? Optional.empty() : dataSets.featureScaling(metadata.dataset());
    }

    private static boolean isBuiltIn(ModelMetadata metadata) {
        return metadata.dataset() == null || DatasetNames.NAMES.contains(metadata.dataset());
    }

    /** What a serving stack needs to feed the graph and read its outputs, as metadata properties. */
    private Map<String, String> properties(ModelMetadata metadata) throws JsonProcessingException {
        String dataset = metadata.dataset() == null ? DatasetNames.MNIST : metadata.dataset();
        Optional<DatasetManifest> manifest = dataSets.manifest(dataset);
        int classes = metadata.architecture().outputs();
        List<String> classNames = manifest.map(DatasetManifest::classNames)
                .orElseGet(() -> IntStream.range(0, classes).mapToObj(Integer::toString).toList());
        String shape = metadata.architecture().input().label();
        String dims = String.join(", ", metadata.architecture().input().dims().stream().map(String::valueOf).toList());
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("distill.model_id", metadata.modelId());
        properties.put("distill.kind", metadata.kind());
        properties.put("distill.dataset", dataset);
        properties.put("distill.input_shape", shape);
        properties.put("distill.input", type(metadata) == ElementType.UINT8
                ? "float32 (batch, " + dims + "): the values 0-255 (pixels) as stored;"
                        + " the graph divides them by 255, as training did"
                : "float32 (batch, " + dims + "): the raw feature values; the graph subtracts each feature's offset"
                        + " and divides by its scale (" + manifest.map(DatasetManifest::scaling).orElse("?")
                        + ", fitted on the training split), as training did");
        properties.put("distill.outputs", "logits and probabilities (their softmax), float32 (batch, " + classes + ")");
        properties.put("distill.class_names", Json.mapper().writeValueAsString(classNames));
        properties.put("distill.architecture", Json.mapper().writeValueAsString(metadata.architecture()));
        properties.put("distill.params_sha256", metadata.sha256());
        return properties;
    }
}
