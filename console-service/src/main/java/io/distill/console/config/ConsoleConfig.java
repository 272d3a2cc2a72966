package io.distill.console.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.net.URI;
import java.time.Duration;

/** Where the console finds the services, and how it keeps its pages live ({@code DISTILL_CONSOLE_*}). */
@ConfigMapping(prefix = "distill.console")
public interface ConsoleConfig {

    /** teacher-service's base URL ({@code DISTILL_CONSOLE_TEACHER_SERVICE_URL}). */
    @WithName("teacher-service-url")
    @WithDefault("http://localhost:8081")
    URI teacherService();

    /** soft-target-service's base URL ({@code DISTILL_CONSOLE_SOFT_TARGET_SERVICE_URL}). */
    @WithName("soft-target-service-url")
    @WithDefault("http://localhost:8082")
    URI softTargetService();

    /** student-service's base URL ({@code DISTILL_CONSOLE_STUDENT_SERVICE_URL}). */
    @WithName("student-service-url")
    @WithDefault("http://localhost:8083")
    URI studentService();

    /** specialist-service's base URL ({@code DISTILL_CONSOLE_SPECIALIST_SERVICE_URL}). */
    @WithName("specialist-service-url")
    @WithDefault("http://localhost:8084")
    URI specialistService();

    /** How long a call to a service may take before the page says it did not answer. */
    @WithDefault("10s")
    Duration serviceTimeout();

    /**
     * How often a live page's event stream sends a comment when nothing happens, so that proxies
     * (the compose gateway, an ingress) keep it open.
     */
    @WithDefault("15s")
    Duration heartbeat();

    /** The newest records each dead-letter topic shows. */
    @WithDefault("20")
    int deadLetters();
}
