package io.distill.deploycheck;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Reads YAML strictly: every document of a file, duplicate keys refused. */
final class Yaml {

    static final YAMLMapper MAPPER = YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private Yaml() {}

    /**
     * The non-empty documents of a file, each a mapping; anything else is an error. SnakeYAML reads them,
     * since it resolves anchors and merge keys ({@code <<: *service}), which Jackson's parser leaves as they are.
     */
    static List<ObjectNode> documents(Path file) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        List<ObjectNode> docs = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (Object doc : new org.yaml.snakeyaml.Yaml(new SafeConstructor(options)).loadAll(in)) {
                if (doc == null) {
                    continue;
                }
                if (!(doc instanceof Map)) {
                    throw new IllegalArgumentException(file + " has a document that is not a mapping: " + doc);
                }
                docs.add(MAPPER.valueToTree(doc));
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("Cannot parse " + file + " as YAML: " + e.getMessage(), e);
        }
        return docs;
    }

    /** The one document of a file. */
    static ObjectNode document(Path file) {
        List<ObjectNode> docs = documents(file);
        if (docs.size() != 1) {
            throw new IllegalArgumentException(file + " has " + docs.size() + " documents, expected one.");
        }
        return docs.get(0);
    }

    static ObjectNode parse(String text) {
        try {
            return (ObjectNode) MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot parse YAML: " + e.getMessage(), e);
        }
    }
}
