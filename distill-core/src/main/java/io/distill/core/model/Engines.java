package io.distill.core.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the DJL engine and device from configuration, and keeps DJL offline.
 *
 * <p>DJL reads system properties, not application config, so {@link #configure} sets them before
 * the engine first loads: never download anything, and extract the native library under a known
 * cache directory.
 */
public final class Engines {

    private static final Logger LOG = LoggerFactory.getLogger(Engines.class);

    /** The engine distill is built and tested on. */
    public static final String DEFAULT_ENGINE = "MXNet";

    private Engines() {}

    /** The device modes a service accepts in {@code DISTILL_DEVICE}. */
    public enum DeviceMode {
        AUTO, CPU, GPU;

        public static DeviceMode parse(String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException("Device is " + value + ", expected auto, cpu or gpu.", e);
            }
        }
    }

    /**
     * Sets DJL's offline mode and cache directories, unless already set by the environment, and keeps
     * the engine's freed memory for its next arrays ({@link NativeMemory}). Call before the first use of
     * any engine.
     */
    public static void configure(Path cacheDir) {
        NativeMemory.keep(System.getenv());
        System.setProperty("ai.djl.offline", "true");
        if (cacheDir != null) {
            setIfAbsent("DJL_CACHE_DIR", cacheDir.toString());
            setIfAbsent("ENGINE_CACHE_DIR", cacheDir.toString());
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getenv(key) == null && System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** The named engine; a clear error if it is not on the class path. */
    public static Engine engine(String name) {
        String wanted = name == null || name.isBlank() ? DEFAULT_ENGINE : name;
        if (!Engine.getAllEngines().contains(wanted)) {
            throw new IllegalStateException("Engine " + wanted + " is not available; engines on the class path: "
                    + Engine.getAllEngines() + ".");
        }
        return Engine.getEngine(wanted);
    }

    /**
     * The device to train and infer on. {@code gpu} fails when the engine sees no usable GPU,
     * rather than quietly training on the CPU; {@code auto} takes GPU 0 when there is one.
     */
    public static Device device(Engine engine, DeviceMode mode) {
        int gpus = engine.getGpuCount();
        Device device = switch (mode) {
            case CPU -> Device.cpu();
            case AUTO -> gpus > 0 ? Device.gpu(0) : Device.cpu();
            case GPU -> {
                if (gpus == 0) {
                    throw new IllegalStateException("DISTILL_DEVICE=gpu, but engine " + engine.getEngineName() + " "
                            + engine.getVersion() + " sees no usable GPU. Either the node has no GPU, the NVIDIA driver"
                            + " is not visible in the container, or the native library is the CPU build"
                            + " (mxnet-native-mkl); see deploy/README.md for the CUDA build. Set DISTILL_DEVICE=cpu"
                            + " or auto to run on the CPU.");
                }
                yield Device.gpu(0);
            }
        };
        LOG.info("Engine {} {} will run on {} (mode {}, {} GPU(s) visible)",
                engine.getEngineName(), engine.getVersion(), device, mode.name().toLowerCase(Locale.ROOT), gpus);
        return device;
    }
}
