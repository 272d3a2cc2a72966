package io.distill.core.jobs;

import io.distill.core.events.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A directory of JSON records, one {@code <id>.json} each, that survives a restart: job records,
 * known teachers, seen manifests. Each write replaces its file atomically; a file that cannot be
 * read is refused by name.
 */
public final class JsonDirectory<T> {

    private final Path dir;
    private final Class<T> type;
    private final Function<T, String> id;

    public JsonDirectory(Path dir, Class<T> type, Function<T, String> id) throws IOException {
        this.dir = dir;
        this.type = type;
        this.id = id;
        Files.createDirectories(dir);
    }

    /** Every record in the directory, by id. */
    public Map<String, T> readAll() throws IOException {
        Map<String, T> records = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                try {
                    T record = Json.mapper().readValue(file.toFile(), type);
                    records.put(id.apply(record), record);
                } catch (IOException e) {
                    throw new IOException(file + " cannot be read as a " + type.getSimpleName() + ": "
                            + e.getMessage(), e);
                }
            }
        }
        return records;
    }

    /** Writes the record to {@code <id>.json}, through a temporary file and a rename. */
    public void write(T record) {
        String name = id.apply(record);
        Path file = dir.resolve(name + ".json");
        Path tmp = dir.resolve(name + ".json.tmp");
        try {
            Json.mapper().writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), record);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
