package io.distill.deploycheck;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Renders the deploy files as {@code kubectl kustomize} and docker-compose do; each call makes a fresh copy. */
final class Render {

    static final Path REPO = Contract.repo();
    static final Path DEPLOY = REPO.resolve("deploy");
    static final YAMLMapper YAML = YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
    /** Lists that docker-compose joins (without repeating an item) when a later file names them; it replaces others. */
    private static final Set<String> JOINED = Set.of("secrets", "volumes", "ports");
    private static final Map<Path, String> KUSTOMIZED = new ConcurrentHashMap<>();

    /** What a command printed, and its exit code. */
    record Result(int exitCode, String stdout, String stderr) {}

    private Render() {}

    /** The objects of {@code kubectl kustomize deploy/k8s/<dir>}. */
    static List<ObjectNode> k8s(String dir) {
        String out = KUSTOMIZED.computeIfAbsent(DEPLOY.resolve("k8s").resolve(dir), path -> {
            Result r = run(path, Map.of(), kubectl(), "kustomize", ".");
            if (r.exitCode() != 0) {
                throw new AssertionError("kubectl kustomize " + path + " failed (it needs kustomize 5, which"
                        + " deploy/data/fetch-kubectl.sh fetches): " + r.stderr());
            }
            return r.stdout();
        });
        try {
            return YAML.readerFor(ObjectNode.class).<ObjectNode>readValues(out).readAll();
        } catch (IOException e) {
            throw new AssertionError("kubectl kustomize printed what is not YAML: " + e.getMessage(), e);
        }
    }

    /**
     * kubectl, whose kustomize renders deploy/k8s: {@code $KUBECTL}, else the one deploy/data/fetch-kubectl.sh puts
     * in the data directory's tools/ (only when the PATH has none with kustomize 5), else the PATH's. With none, the
     * checks fail; they never skip.
     */
    static String kubectl() {
        Path fetched = Path.of(System.getenv().getOrDefault("DISTILL_DATA_DIR",
                System.getProperty("user.home") + "/.cache/distill")).resolve("tools/kubectl");
        String found = Files.isExecutable(fetched) ? fetched.toString() : onPath("kubectl") ? "kubectl" : "";
        String kubectl = System.getenv().getOrDefault("KUBECTL", found);
        if (kubectl.isBlank()) {
            throw new IllegalStateException("kubectl is not in $KUBECTL, in the data directory's tools/ or on the PATH,"
                    + " so deploy/k8s cannot be rendered: run deploy/data/fetch-kubectl.sh (the validate phase does).");
        }
        return kubectl;
    }

    /**
     * deploy/{@code files}, each over the ones before, as written (before interpolation), without the extension
     * fields ({@code x-...}) they share through anchors. SnakeYAML reads them: unlike Jackson's parser, it resolves
     * anchors and merge keys ({@code <<: *service}); a duplicate key is an error.
     */
    static ObjectNode compose(String... files) {
        ObjectNode merged = YAML.createObjectNode();
        for (String file : files) {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            try (Reader in = Files.newBufferedReader(DEPLOY.resolve(file))) {
                merged = merge(merged, YAML.valueToTree(new Yaml(new SafeConstructor(options)).load(in)));
            } catch (IOException | RuntimeException e) {
                throw new AssertionError("Cannot read deploy/" + file + " as YAML: " + e.getMessage(), e);
            }
        }
        merged.properties().removeIf(e -> e.getKey().startsWith("x-"));
        return merged;
    }

    /** What {@code docker-compose -f deploy/<file>... config} prints, run with {@code env}. */
    static Result composeConfig(Map<String, String> env, String... files) {
        List<String> command = new ArrayList<>(List.of("docker-compose"));
        Arrays.stream(files).forEach(file -> command.addAll(List.of("-f", "deploy/" + file)));
        command.add("config");
        return run(REPO, env, command.toArray(String[]::new));
    }

    static boolean onPath(String command) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, command)));
    }

    private static ObjectNode merge(JsonNode base, JsonNode override) {
        ObjectNode out = base.deepCopy();
        override.properties().forEach(e -> {
            JsonNode old = out.get(e.getKey());
            if (old instanceof ObjectNode && e.getValue() instanceof ObjectNode) {
                out.set(e.getKey(), merge(old, e.getValue()));
            } else if (old instanceof ArrayNode joined && e.getValue() instanceof ArrayNode more
                    && JOINED.contains(e.getKey())) {
                more.valueStream().filter(item -> !joined.valueStream().toList().contains(item)).toList()
                        .forEach(item -> joined.add(item.deepCopy()));
            } else {
                out.set(e.getKey(), e.getValue().deepCopy());
            }
        });
        return out;
    }

    private static Result run(Path dir, Map<String, String> env, String... command) {
        try {
            Path out = Files.createTempFile("deploy-check", ".out");
            Path err = Files.createTempFile("deploy-check", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            boolean done = process.waitFor(120, TimeUnit.SECONDS);
            process.destroyForcibly();
            Result result = new Result(done ? process.exitValue() : -1, Files.readString(out), Files.readString(err));
            Files.delete(out);
            Files.delete(err);
            return result;
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("Cannot run " + String.join(" ", command) + ": " + e, e);
        }
    }
}
