package io.distill.testkit;

import ai.djl.Model;
import ai.djl.engine.Engine;
import com.sun.net.httpserver.HttpServer;
import io.distill.contract.datasets.ElementType;
import io.distill.contract.events.ModelFormat;
import io.distill.contract.events.ModelReadyBuilder;
import io.distill.contract.events.Topics;
import io.distill.contract.json.Json;
import io.distill.contract.metrics.TeacherMetrics;
import io.distill.contract.requests.Architecture;
import io.distill.contract.requests.ClassFilter;
import io.distill.contract.requests.InputForm;
import io.distill.contract.requests.Plan;
import io.distill.core.artifact.ModelArtifact;
import io.distill.core.artifact.ModelMetadataBuilder;
import io.distill.core.artifact.Sha256;
import io.distill.core.model.Engines;
import io.distill.core.model.Models;
import io.distill.core.onnx.OnnxExport;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tiny real teachers (784-16-10, untrained, different seeds) for tests of what consumes teachers: their
 * artifacts are served by a stub HTTP server in the test JVM and announced on {@code teacher-models}.
 */
public final class TinyTeachers {

    public static final Architecture NET = Architecture.plain(784, List.of(16), 10);

    private static HttpServer server;
    private static Path dir;

    private TinyTeachers() {}

    /** Saves a teacher with {@code seed}, serves it, and returns its artifact directory. */
    public static synchronized Path create(String modelId, long seed) throws IOException {
        if (server == null) {
            dir = Files.createTempDirectory("tiny-teachers");
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/models/", exchange -> {
                String id = exchange.getRequestURI().getPath().split("/")[2];
                Path file = dir.resolve(id).resolve(ModelArtifact.PARAMETERS);
                file = Files.exists(file) ? file : dir.resolve(id).resolve(ModelArtifact.ONNX);
                byte[] body = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
                exchange.sendResponseHeaders(body.length == 0 ? 404 : 200, body.length == 0 ? -1 : body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
        }
        Engines.configure(Path.of("target", "djl-cache").toAbsolutePath());
        Engine engine = Engines.engine(Engines.DEFAULT_ENGINE);
        Path artifact = dir.resolve(modelId);
        try (Model model = Models.create(modelId, NET, engine, engine.defaultDevice(), seed)) {
            ModelArtifact.save(artifact, model.getBlock(), ModelMetadataBuilder.builder().modelId(modelId)
                    .kind("teacher").architecture(NET).dataset("mnist").filters(ClassFilter.ALL)
                    .metrics(TeacherMetrics.testOnly(9000, 10000)).seed(seed).engine("MXNet").createdAt(Instant.now())
                    .build());
        }
        return artifact;
    }

    /**
     * The ONNX twin of the teacher saved in {@code artifact}: the same net exported, as a teacher trained
     * elsewhere and imported would be; its artifact is served and its directory returned.
     */
    public static synchronized Path createOnnx(String modelId, Path artifact) throws IOException {
        Engine engine = Engines.engine(Engines.DEFAULT_ENGINE);
        Path twin = Files.createDirectories(dir.resolve(modelId));
        try (ModelArtifact.Loaded loaded = ModelArtifact.load(artifact, engine, engine.defaultDevice())) {
            Files.write(twin.resolve(ModelArtifact.ONNX), OnnxExport.export(Models.classifier(loaded.model()),
                    ElementType.UINT8, Optional.empty(), Map.of("distill.model_id", modelId)));
        }
        ModelArtifact.writeMetadata(twin, ModelMetadataBuilder.builder().modelId(modelId).kind("teacher")
                .dataset("mnist").filters(ClassFilter.ALL).metrics(TeacherMetrics.testOnly(9000, 10000))
                .engine("OnnxRuntime").createdAt(Instant.now()).sha256(Sha256.of(twin.resolve(ModelArtifact.ONNX)))
                .format(ModelFormat.ONNX).input(InputForm.EXPORTED).build());
        return twin;
    }

    /** Announces an ONNX teacher on teacher-models, as teacher-service announces an import. */
    public static void announceOnnx(String modelId, String sha256) throws Exception {
        long bytes = Files.size(dir.resolve(modelId).resolve(ModelArtifact.ONNX));
        send(modelId, ModelReadyBuilder.builder().modelId(modelId).kind("teacher").jobId(modelId).ensembleId(modelId)
                .member(0).ensembleSize(1).dataset("mnist").metrics(TeacherMetrics.testOnly(9000, 10000))
                .artifactUri(uri(modelId) + "?format=onnx").sha256(sha256).createdAt(Instant.now())
                .format(ModelFormat.ONNX).input(InputForm.EXPORTED).artifactBytes(bytes).build());
    }

    public static String uri(String modelId) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/models/" + modelId + "/artifact";
    }

    /** Announces a teacher on teacher-models, with the given (maybe wrong) checksum and plan. */
    public static void announce(String modelId, String ensembleId, int member, int size, String sha256,
            com.fasterxml.jackson.databind.JsonNode plan) throws Exception {
        send(modelId, ModelReadyBuilder.builder().modelId(modelId).kind("teacher").jobId(ensembleId)
                .ensembleId(ensembleId).member(member).ensembleSize(size).dataset("mnist").architecture(NET)
                .metrics(TeacherMetrics.testOnly(9000, 10000)).artifactUri(uri(modelId)).sha256(sha256)
                .plan(plan == null ? null : Json.mapper().treeToValue(plan, Plan.class)).createdAt(Instant.now())
                .build());
    }

    /** Sends any value (an event, or a poison string) to teacher-models. */
    public static void send(String key, Object value) throws Exception {
        TopicWriter.send(Topics.TEACHER_MODELS, key, value);
    }

    public static String sha256(Path artifact) throws IOException {
        return ModelArtifact.readMetadata(artifact).sha256();
    }
}
