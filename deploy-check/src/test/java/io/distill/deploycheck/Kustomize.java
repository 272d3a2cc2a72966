package io.distill.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a kustomization the way {@code kubectl kustomize} does, for the features deploy/k8s uses:
 * resources (files and directories), namespace, images and strategic-merge patches by path. A key
 * it does not know is an error, so a new feature in the manifests cannot pass unseen.
 */
final class Kustomize {

    private static final Set<String> KNOWN_KEYS = Set.of("apiVersion", "kind", "namespace", "resources", "images", "patches");

    private Kustomize() {}

    /** The resources that {@code dir}'s kustomization.yaml produces, as {@code kubectl kustomize} renders them. */
    static List<ObjectNode> render(Path dir) {
        try {
            return renderWithKubectl(dir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The output of {@code kubectl kustomize dir}. */
    static List<ObjectNode> renderWithKubectl(Path dir) throws IOException, InterruptedException {
        Tools.Result r = Tools.run(dir, 120, Tools.kubectl(), "kustomize", ".");
        if (r.exitCode() != 0) {
            throw new AssertionError("kubectl kustomize " + dir + " failed: " + r.stderr());
        }
        List<ObjectNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = Yaml.MAPPER.readerFor(JsonNode.class).readValues(r.stdout())) {
            while (it.hasNextValue()) {
                JsonNode doc = it.nextValue();
                if (doc != null && doc.isObject()) {
                    docs.add((ObjectNode) doc);
                }
            }
        }
        return docs;
    }

    static ObjectNode find(List<ObjectNode> resources, String kind, String name) {
        for (ObjectNode r : resources) {
            if (kind.equals(r.path("kind").asText()) && name.equals(r.path("metadata").path("name").asText())) {
                return r;
            }
        }
        throw new IllegalArgumentException("No " + kind + " named " + name + " to patch.");
    }

    /**
     * Strategic merge as Kubernetes does it for the fields used here: mappings merge key by key;
     * lists of named entries (containers, env, ports, volumes) merge by name; other lists are replaced.
     */
    static void merge(ObjectNode into, ObjectNode patch) {
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode old = into.get(e.getKey());
            JsonNode value = e.getValue();
            if (old instanceof ObjectNode o && value instanceof ObjectNode v) {
                merge(o, v);
            } else if (old instanceof ArrayNode o && value instanceof ArrayNode v && named(o) && named(v)) {
                mergeByName(o, v);
            } else {
                into.set(e.getKey(), value.deepCopy());
            }
        }
    }

    private static boolean named(ArrayNode list) {
        for (JsonNode item : list) {
            if (!item.isObject() || !item.has("name")) {
                return false;
            }
        }
        return !list.isEmpty();
    }

    private static void mergeByName(ArrayNode into, ArrayNode patch) {
        for (JsonNode item : patch) {
            ObjectNode match = null;
            for (JsonNode old : into) {
                if (old.path("name").asText().equals(item.path("name").asText())) {
                    match = (ObjectNode) old;
                }
            }
            if (match == null) {
                into.add(item.deepCopy());
            } else {
                merge(match, (ObjectNode) item);
            }
        }
    }

    private static void setImage(List<ObjectNode> resources, JsonNode image) {
        String name = image.path("name").asText();
        for (ObjectNode r : resources) {
            JsonNode pod = r.path("spec").path("template").path("spec");
            for (String list : List.of("initContainers", "containers")) {
                for (JsonNode c : pod.path(list)) {
                    String ref = c.path("image").asText();
                    int colon = ref.lastIndexOf(':');
                    String repo = colon > ref.lastIndexOf('/') ? ref.substring(0, colon) : ref;
                    String tag = colon > ref.lastIndexOf('/') ? ref.substring(colon + 1) : "latest";
                    if (repo.equals(name)) {
                        String newRepo = image.path("newName").asText(repo);
                        String newTag = image.path("newTag").asText(tag);
                        ((ObjectNode) c).put("image", newRepo + ":" + newTag);
                    }
                }
            }
        }
    }
}
