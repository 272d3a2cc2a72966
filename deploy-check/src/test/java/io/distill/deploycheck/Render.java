package io.distill.deploycheck;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The deploy files as their tools render them: deploy/k8s through {@code kubectl kustomize}, the compose files
 * merged as docker-compose merges them (or by {@code docker-compose config} itself). Each call returns a fresh
 * copy, which a test may break.
 */
final class Render {

    static final Path REPO = Contract.repo();
    static final Path DEPLOY = REPO.resolve("deploy");
    static final YAMLMapper YAML = YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
    /** Lists that docker-compose joins when a later file names them again; it replaces other lists. */
    private static final Set<String> JOINED = Set.of("secrets", "volumes", "ports");
    private static final Map<Path, String> KUSTOMIZED = new ConcurrentHashMap<>();

    private Render() {}

    /** The objects of {@code kubectl kustomize deploy/k8s/<dir>}. */
    static List<ObjectNode> k8s(String dir) {
        String out = KUSTOMIZED.computeIfAbsent(DEPLOY.resolve("k8s").resolve(dir), path -> {
            Tools.Result r = Tools.run(path, Map.of(), Tools.kubectl(), "kustomize", ".");
            if (r.exitCode() != 0) {
                throw new AssertionError("kubectl kustomize " + path + " failed: " + r.stderr());
            }
            return r.stdout();
        });
        List<ObjectNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(out)) {
            while (it.hasNextValue()) {
                docs.add((ObjectNode) it.nextValue());
            }
        } catch (IOException e) {
            throw new AssertionError("kubectl kustomize printed what is not YAML: " + e.getMessage(), e);
        }
        return docs;
    }

    /**
     * deploy/{@code files}, each over the ones before, as written (before interpolation), without the extension
     * fields ({@code x-...}) they share through anchors. SnakeYAML reads them: unlike Jackson's parser, it
     * resolves anchors and merge keys ({@code <<: *service}); a duplicate key is an error.
     */
    static ObjectNode compose(String... files) {
        ObjectNode merged = YAML.createObjectNode();
        for (String file : files) {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            try (Reader in = Files.newBufferedReader(DEPLOY.resolve(file), StandardCharsets.UTF_8)) {
                merged = merge(merged, YAML.valueToTree(new Yaml(new SafeConstructor(options)).load(in)));
            } catch (IOException | RuntimeException e) {
                throw new AssertionError("Cannot read deploy/" + file + " as YAML: " + e.getMessage(), e);
            }
        }
        merged.properties().removeIf(e -> e.getKey().startsWith("x-"));
        return merged;
    }

    /** What {@code docker-compose -f deploy/<file>... config} prints, run with {@code env}. */
    static Tools.Result composeConfig(Map<String, String> env, String... files) {
        List<String> command = new ArrayList<>(List.of("docker-compose"));
        for (String file : files) {
            command.addAll(List.of("-f", "deploy/" + file));
        }
        command.add("config");
        return Tools.run(REPO, env, command.toArray(String[]::new));
    }

    private static ObjectNode merge(JsonNode base, JsonNode override) {
        ObjectNode out = base.deepCopy();
        override.properties().forEach(e -> {
            JsonNode old = out.get(e.getKey());
            if (old instanceof ObjectNode && e.getValue() instanceof ObjectNode) {
                out.set(e.getKey(), merge(old, e.getValue()));
            } else if (old instanceof ArrayNode a && e.getValue() instanceof ArrayNode b && JOINED.contains(e.getKey())) {
                ArrayNode joined = a.deepCopy();
                Set<JsonNode> seen = new HashSet<>();
                a.forEach(seen::add);
                b.forEach(item -> {
                    if (seen.add(item)) {
                        joined.add(item.deepCopy());
                    }
                });
                out.set(e.getKey(), joined);
            } else {
                out.set(e.getKey(), e.getValue().deepCopy());
            }
        });
        return out;
    }
}
