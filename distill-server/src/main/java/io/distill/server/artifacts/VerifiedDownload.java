package io.distill.server.artifacts;

import io.distill.core.artifact.ArtifactException;
import io.distill.core.artifact.Sha256;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/** A file fetched over HTTP from the service that serves it, kept only when its SHA-256 is the announced one. */
public final class VerifiedDownload {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    /** Downloads tried before a failure is final. */
    static final int ATTEMPTS = 3;
    private static final Duration PAUSE = Duration.ofSeconds(2);
    private static final Logger LOG = Logger.getLogger(VerifiedDownload.class);

    private VerifiedDownload() {}

    /**
     * Downloads {@code uri} to {@code file}, sending {@code authorization} if any, and checks it against
     * {@code sha256}; {@code what} names the download in errors ("model t-1"). A download that fails or
     * does not match is tried again, {@link #ATTEMPTS} times in all (a stream cut short under load has
     * been seen to end as a short file); the last failure is thrown. A failed download leaves no file.
     */
    public static void fetch(URI uri, Optional<String> authorization, Duration timeout, Path file, String sha256,
            String what) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                fetchOnce(uri, authorization, timeout, file, sha256, what);
                return;
            } catch (IOException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
                LOG.warnf("%s, attempt %d of %d; trying again: %s", capitalised(what), attempt, ATTEMPTS,
                        e.getMessage());
                Thread.sleep(PAUSE.toMillis() * attempt);
            }
        }
    }

    private static void fetchOnce(URI uri, Optional<String> authorization, Duration timeout, Path file,
            String sha256, String what) throws IOException, InterruptedException {
        HttpResponse<Path> response;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET();
            authorization.ifPresent(value -> request.header("Authorization", value));
            response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofFile(file));
        } catch (IOException | IllegalArgumentException e) {
            Files.deleteIfExists(file);
            throw new IOException(capitalised(what) + " is unreachable at " + uri + ": " + e, e);
        }
        if (response.statusCode() != 200) {
            Files.deleteIfExists(file);
            throw new IOException(capitalised(what) + " is unreachable at " + uri + ": HTTP " + response.statusCode());
        }
        String actual = Sha256.of(file);
        if (!actual.equalsIgnoreCase(sha256)) {
            long bytes = Files.size(file);
            Files.deleteIfExists(file);
            throw new ArtifactException(uri, "checksum mismatch for " + what + ": the download (" + bytes
                    + " bytes) has SHA-256 " + actual + " but its announcement said " + sha256);
        }
    }

    private static String capitalised(String what) {
        return Character.toUpperCase(what.charAt(0)) + what.substring(1);
    }
}
