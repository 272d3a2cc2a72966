package io.distill.server.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The settings every service reads, from the contract's environment variables. */
@ConfigMapping(prefix = "distill")
public interface DistillConfig {

    /** Data sets, {@code mnist/} and {@code fashion-mnist/} idx files ({@code DISTILL_DATA_DIR}). */
    @WithDefault("${user.home}/.cache/distill")
    String dataDir();

    /** A local cache only: downloaded artifacts and scratch; deleting it loses nothing ({@code DISTILL_STORE_DIR}). */
    @WithDefault("${user.home}/.local/share/distill/${quarkus.application.name}")
    String storeDir();

    /** The base URL other services use to reach this one ({@code DISTILL_PUBLIC_URL}). */
    @WithDefault("http://localhost:${quarkus.http.port}")
    String publicUrl();

    /**
     * REST authentication ({@code DISTILL_AUTH}): {@code jwt}, bearer tokens verified with
     * {@code MP_JWT_VERIFY_PUBLICKEY_LOCATION} and {@code MP_JWT_VERIFY_ISSUER}, or {@code off}.
     */
    @WithDefault("jwt")
    AuthMode auth();

    /** {@code auto}, {@code cpu} or {@code gpu} ({@code DISTILL_DEVICE}). */
    @WithDefault("auto")
    String device();

    /** The DJL engine ({@code DISTILL_ENGINE}). */
    @WithDefault("MXNet")
    String engine();

    /** Where DJL extracts the engine's native library; {@code DJL_CACHE_DIR} wins when set. */
    @WithDefault("${user.home}/.cache/distill/djl")
    String djlCacheDir();

    /**
     * How many jobs this replica runs at once ({@code DISTILL_WORKERS}); the scheduler hands the
     * others to replicas with a free worker, or keeps them queued in the order they came.
     */
    @WithDefault("1")
    int workers();

    /** This replica's id, shown as a job's {@code instance} ({@code HOSTNAME}; host and pid when unset). */
    @WithDefault("${HOSTNAME:}")
    Optional<String> instance();

    /**
     * How long readiness waits for Kafka to describe its cluster before it reports Kafka DOWN; short
     * enough that /q/health/ready answers within 2 s, under the probes' 3 s timeouts.
     */
    @WithDefault("1500ms")
    Duration kafkaReadinessTimeout();

    /** The relay that sends job results the broker has not acknowledged again (ResultAnnouncements). */
    ResultRelay resultRelay();

    interface ResultRelay {
        /** How often each replica looks for unacknowledged results. */
        @WithDefault("10s")
        Duration interval();

        /** How long after a job ended its own replica's send is left alone before the relay sends it again. */
        @WithDefault("30s")
        Duration grace();
    }

    /** Registered data sets. */
    Datasets datasets();

    interface Datasets {
        /**
         * Whether teacher-service registers the built-in sets of the data directory when it starts
         * ({@code DISTILL_DATASETS_REGISTER_BUILT_INS}), so that {@code GET /datasets} lists them with their ids.
         */
        @WithDefault("true")
        boolean registerBuiltIns();
    }

    /** How jobs are started, retried and ended. */
    Jobs jobs();

    interface Jobs {
        /**
         * How many times a job may be started before it is FAILED ({@code DISTILL_JOBS_MAX_ATTEMPTS}):
         * a job that kills its replica, or keeps meeting an outage, is not retried for ever. A start
         * handed back, because its replica shut down gracefully or an outage stopped it, does not count.
         */
        @WithDefault("3")
        int maxAttempts();

        /**
         * How long a job that stopped because the database or the object store was away waits before
         * it is started again ({@code DISTILL_JOBS_OUTAGE_RETRY_DELAY}).
         */
        @WithDefault("30s")
        Duration outageRetryDelay();

        /**
         * How late a replica's check-in may be, beyond the check-in interval, before the other
         * replicas take it for dead and run its jobs ({@code DISTILL_JOBS_FAILURE_GRACE}; Quartz's own is
         * 7.5 s). It must exceed the clock skew between replicas and a replica's longest pause.
         */
        @WithDefault("4s")
        Duration failureGrace();
    }

    /** The S3-compatible object store that holds artifacts and checkpoints. */
    ObjectStore objectStore();

    /** Where artifacts and checkpoints live; every replica of every service reaches the same store. */
    interface ObjectStore {

        /** The store's URL ({@code DISTILL_OBJECT_STORE_ENDPOINT}); the local default is deploy/local/s3.sh. */
        @WithDefault("http://127.0.0.1:9000")
        String endpoint();

        /** The bucket ({@code DISTILL_OBJECT_STORE_BUCKET}); each service writes under its own prefix. */
        @WithDefault("distill")
        String bucket();

        /** The signing region ({@code AWS_REGION}). */
        @WithDefault("${AWS_REGION:us-east-1}")
        String region();

        /** The access key ({@code AWS_ACCESS_KEY_ID}); the local default matches deploy/local/s3.sh. */
        @WithDefault("${AWS_ACCESS_KEY_ID:distill}")
        String accessKeyId();

        /** The secret key ({@code AWS_SECRET_ACCESS_KEY}): no default, no credential is committed. */
        @WithDefault("${AWS_SECRET_ACCESS_KEY}")
        String secretAccessKey();

        /**
         * How long a job's call to the store is retried, with exponential backoff, before the job
         * gives up on it as an outage ({@code DISTILL_OBJECT_STORE_RETRY_FOR}); the job is then queued
         * again (see {@link Jobs#outageRetryDelay()}).
         */
        @WithDefault("3m")
        Duration retryFor();

        /** How long a request's call to the store (a model download, readiness) tries before the API answers 503. */
        @WithDefault("5s")
        Duration promptTimeout();
    }

    /** {@link #instance()}, or this host's name and process id when it is not set. */
    default String instanceId() {
        return instance().filter(s -> !s.isBlank()).orElseGet(() -> {
            String host;
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "localhost";
            }
            return host + "-" + ProcessHandle.current().pid();
        });
    }

    /** The data directory as a path. */
    default Path dataPath() {
        return Path.of(dataDir());
    }

    /** The store directory as a path. */
    default Path storePath() {
        return Path.of(storeDir());
    }

    /** {@link #publicUrl()} without a trailing slash. */
    default String publicBase() {
        String url = publicUrl();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
