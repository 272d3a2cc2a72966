package io.distill.server.problems;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Problems for the errors that Vert.x answers before (or instead of) JAX-RS, which would otherwise
 * go out with an empty or HTML body: a body declared larger than
 * {@code quarkus.http.limits.max-body-size} (413), and any failure of a route outside the REST
 * resources, such as {@code /q/health} or a request Vert.x cannot route.
 */
@Singleton
public class ProblemRoutes {

    private static final Logger LOG = Logger.getLogger(ProblemRoutes.class);

    /** Just before Quarkus' own size check (order -2), which answers 413 with no body. */
    static final int SIZE_CHECK_ORDER = -3;
    /** Just before Quarkus' own error page, the last failure handler. */
    static final int FAILURE_ORDER = Integer.MAX_VALUE - 1;

    private final ProblemWriter writer;
    private final Optional<MemorySize> maxBodySize;

    public ProblemRoutes(ProblemWriter writer,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBodySize) {
        this.writer = writer;
        this.maxBodySize = maxBodySize;
    }

    void install(@Observes Router router) {
        maxBodySize.ifPresent(limit -> router.route().order(SIZE_CHECK_ORDER)
                .handler(ctx -> refuseTooLarge(ctx, limit.asLongValue())));
        router.route().order(FAILURE_ORDER).failureHandler(this::failed);
    }

    /**
     * Refuses a body whose Content-Length is over the limit before it is read, and closes the
     * connection once the answer is out, as Quarkus does: the rest of the body is not worth reading.
     */
    private void refuseTooLarge(RoutingContext ctx, long limit) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null || !isOver(length, limit)) {
            ctx.next();
            return;
        }
        ctx.response().putHeader(HttpHeaders.CONNECTION, "close")
                .endHandler(ignored -> ctx.request().connection().close());
        writer.write(ctx.response(), Problem.ofStatus(413, StatusDetails.tooLarge(limit), ctx.request().path()));
    }

    private static boolean isOver(String length, long limit) {
        try {
            return Long.parseLong(length.trim()) > limit;
        } catch (NumberFormatException e) {
            return false; // Vert.x refuses a malformed Content-Length itself.
        }
    }

    private void failed(RoutingContext ctx) {
        if (ctx.response().ended()) {
            // Too late to say anything; typically JAX-RS trying to answer a request Quarkus already refused.
            LOG.debugf(ctx.failure(), "%s %s failed after its answer was sent", ctx.request().method(),
                    ctx.request().path());
            return;
        }
        if (ctx.response().headWritten()) {
            ctx.next();
            return;
        }
        HttpServerRequest request = ctx.request();
        int status = ctx.statusCode() >= 400 ? ctx.statusCode() : 500;
        String detail;
        if (status >= 500) {
            String id = UUID.randomUUID().toString();
            LOG.errorf(ctx.failure(), "%s %s failed; answered %d as error %s", request.method(), request.path(),
                    status, id);
            detail = StatusDetails.serverError(id);
        } else {
            detail = StatusDetails.of(status, request, Set.of(), null);
        }
        writer.write(ctx.response(), Problem.ofStatus(status, detail, request.path()));
    }
}
