package io.distill.server.health;

import io.distill.server.config.DistillConfig;
import io.distill.server.messaging.KafkaClients;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when a Kafka broker describes the cluster within {@code distill.kafka-readiness-timeout}.
 *
 * <p>It stands in for Quarkus' own Kafka check ({@code quarkus.kafka.health.enabled=false}), which
 * waits for the admin client's {@code default.api.timeout.ms}, a minute, when no broker answers:
 * a probe would time out rather than hear why the replica is not ready. Lowering that setting for
 * every client instead would also cut the consumers' blocking calls short.
 */
@Readiness
@ApplicationScoped
public class KafkaReadiness implements HealthCheck {

    private final Map<String, Object> kafka;
    private final KafkaClients clients;
    private final int timeoutMs;
    private Admin admin;

    public KafkaReadiness(@Identifier("default-kafka-broker") Map<String, Object> kafka, KafkaClients clients,
            DistillConfig config) {
        this.kafka = kafka;
        this.clients = clients;
        this.timeoutMs = Math.toIntExact(config.kafkaReadinessTimeout().toMillis());
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("kafka")
                .withData("bootstrap.servers", String.valueOf(kafka.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG)));
        try {
            Collection<Node> nodes = admin().describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs))
                    .nodes().get(timeoutMs + 250L, TimeUnit.MILLISECONDS);
            return response.up().withData("brokers", nodes.size()).build();
        } catch (ExecutionException e) {
            return down(response, e.getCause().getMessage());
        } catch (KafkaException e) {
            // The client could not be made, an unresolvable bootstrap host say; the next probe tries again.
            return down(response, e.getMessage());
        } catch (TimeoutException e) {
            return down(response, "no answer");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return down(response, "interrupted");
        }
    }

    private HealthCheckResponse down(HealthCheckResponseBuilder response, String why) {
        return response.down()
                .withData("error", "Kafka did not describe its cluster within " + timeoutMs + " ms: " + why)
                .build();
    }

    /** One admin client for the service's life, made on the first probe; it reconnects by itself. */
    private synchronized Admin admin() {
        if (admin == null) {
            admin = clients.admin("readiness", Map.of(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs));
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ZERO);
        }
    }
}
