package io.distill.service.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;

/** The settings every service reads, from the contract's environment variables. */
@ConfigMapping(prefix = "distill")
public interface DistillConfig {

    /** Data sets, {@code mnist/} and {@code fashion-mnist/} idx files ({@code DISTILL_DATA_DIR}). */
    @WithDefault("${user.home}/.cache/distill")
    String dataDir();

    /** This service's own models, checkpoints and job records ({@code DISTILL_STORE_DIR}). */
    @WithDefault("${user.home}/.local/share/distill/${quarkus.application.name}")
    String storeDir();

    /** The base URL other services use to reach this one ({@code DISTILL_PUBLIC_URL}). */
    @WithDefault("http://localhost:${quarkus.http.port}")
    String publicUrl();

    /** {@code auto}, {@code cpu} or {@code gpu} ({@code DISTILL_DEVICE}). */
    @WithDefault("auto")
    String device();

    /** The DJL engine ({@code DISTILL_ENGINE}). */
    @WithDefault("MXNet")
    String engine();

    /** Where DJL extracts the engine's native library; {@code DJL_CACHE_DIR} wins when set. */
    @WithDefault("${user.home}/.cache/distill/djl")
    String djlCacheDir();

    /** How many jobs run at once; the others wait in the order they came. */
    @WithDefault("1")
    int workers();

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
