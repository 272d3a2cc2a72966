package io.distill.server.runtime;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.distill.core.model.Engines;
import io.distill.server.config.DistillConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * The DJL engine and device this service trains and infers on, chosen once at start-up.
 *
 * <p>An engine that cannot load, or {@code DISTILL_DEVICE=gpu} with no usable GPU, does not crash
 * the service: readiness reports it and every job fails with the same message.
 */
@Startup
@ApplicationScoped
public class EngineRuntime {

    private static final Logger LOG = Logger.getLogger(EngineRuntime.class);

    private final Engine engine;
    private final Device device;
    private final String problem;

    public EngineRuntime(DistillConfig config) {
        Engine chosenEngine = null;
        Device chosenDevice = null;
        String error = null;
        try {
            Engines.configure(Path.of(config.djlCacheDir()));
            chosenEngine = Engines.engine(config.engine());
            chosenDevice = Engines.device(chosenEngine, Engines.DeviceMode.parse(config.device()));
            LOG.infof("Training and inference run on %s with %s %s", chosenDevice, chosenEngine.getEngineName(),
                    chosenEngine.getVersion());
        } catch (RuntimeException e) {
            error = e.getMessage();
            LOG.errorf("No usable engine or device: %s", error);
        }
        this.engine = chosenEngine;
        this.device = chosenDevice;
        this.problem = error;
    }

    /** The engine; throws with the start-up problem when there is none. */
    public Engine engine() {
        check();
        return engine;
    }

    /** The device; throws with the start-up problem when there is none. */
    public Device device() {
        check();
        return device;
    }

    /** Why the engine or device is unusable, or null when it is fine. */
    public String problem() {
        return problem;
    }

    private void check() {
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
    }
}
