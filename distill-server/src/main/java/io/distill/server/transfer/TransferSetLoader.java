package io.distill.server.transfer;

import io.distill.contract.events.TransferSetManifest;
import io.distill.server.security.ServiceTokens;
import io.distill.server.security.TokenRoles;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * A transfer set in memory for a job that trains from it, streamed again when it has expired: the
 * job asks soft-target-service to re-stream the set (the manifest's {@code restreamUri}, with a
 * service token), waits for the next generation's manifest and reads that one instead.
 */
@ApplicationScoped
public class TransferSetLoader {

    private static final Logger LOG = Logger.getLogger(TransferSetLoader.class);
    /** The audience of the re-stream request's token: the service every restreamUri points at. */
    private static final String SOFT_TARGET_SERVICE = "soft-target-service";

    private final SoftTargetReader reader;
    private final TransferSetRegistry registry;
    private final ServiceTokens tokens;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public TransferSetLoader(SoftTargetReader reader, TransferSetRegistry registry, ServiceTokens tokens) {
        this.reader = reader;
        this.registry = registry;
        this.tokens = tokens;
    }

    /** A set read whole, and the manifest of the generation it was read from. */
    public record Loaded(TransferSetManifest manifest, SoftTargetReader.TransferSet set) {}

    /** Reads {@code manifest}'s set; if it has expired, has it re-streamed and reads the new generation. */
    public Loaded load(TransferSetManifest manifest, Duration timeout, BooleanSupplier cancelled)
            throws IOException, InterruptedException {
        try {
            return new Loaded(manifest, reader.read(manifest, timeout, cancelled));
        } catch (TransferSetExpiredException expired) {
            LOG.infof("%s Asking for it again.", expired.getMessage());
            requestRestream(manifest, expired);
            TransferSetManifest next = registry.awaitComplete(manifest.transferSetId(), manifest.generation() + 1,
                    timeout, cancelled);
            return new Loaded(next, reader.read(next, timeout, cancelled));
        }
    }

    private void requestRestream(TransferSetManifest manifest, TransferSetExpiredException expired)
            throws IOException, InterruptedException {
        if (manifest.restreamUri() == null) {
            throw new IllegalStateException(expired.getMessage() + " Its manifest names no restreamUri (a producer"
                    + " older than re-streams), so ask soft-target-service for the set again by hand.", expired);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(manifest.restreamUri()))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.noBody());
        tokens.authorization(SOFT_TARGET_SERVICE, TokenRoles.SUBMIT).ifPresent(value -> request.header("Authorization", value));
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IOException(expired.getMessage() + " Asking " + manifest.restreamUri() + " to stream it again"
                    + " failed: " + e, e);
        }
        if (response.statusCode() != 200 && response.statusCode() != 202) {
            throw new IllegalStateException(expired.getMessage() + " " + manifest.restreamUri() + " refused to stream"
                    + " it again: HTTP " + response.statusCode() + " " + response.body(), expired);
        }
    }
}
