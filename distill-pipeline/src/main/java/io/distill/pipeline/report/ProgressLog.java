package io.distill.pipeline.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill.contract.json.Json;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code progress.jsonl}: one event a line, flushed as it is written, so a crash loses at most the line being written. */
public final class ProgressLog implements Closeable {

    private final BufferedWriter out;

    /** Opens {@code file} emptied: a client run reads the topic from where it starts and writes each event once. */
    ProgressLog(Path file) throws IOException {
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    public void append(JsonNode event) throws IOException {
        // The mapper writes compact JSON, so one event is one line even if the producer pretty-printed it.
        out.write(Json.mapper().writeValueAsString(event));
        out.newLine();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
