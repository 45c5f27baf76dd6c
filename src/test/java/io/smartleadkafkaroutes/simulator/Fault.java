package io.smartleadkafkaroutes.simulator;

import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A reply the simulator gives instead of the normal one: any status, headers, body and delay. The body
 * is made from the key the request carried (decoded), so a fault can echo it back, and goes out at once,
 * in a trickle or repeated to a size ({@link Pace}).
 */
public record Fault(int status, Map<String, String> headers, UnaryOperator<String> bodyOfKey, Duration delay,
        Pace pace) {

    /** How the body goes out. */
    public sealed interface Pace {
    }

    /** All of it at once, with its Content-Length. */
    public record AtOnce() implements Pace {
    }

    /** The headers at once, then the body (chunked) a few bytes at a time with a gap after each write. */
    public record Trickle(int bytesPerWrite, Duration gap) implements Pace {
    }

    /** The body repeated to {@code bytes} in all, with that Content-Length or chunked (none). */
    public record Repeated(long bytes, boolean contentLength) implements Pace {
    }

    public Fault(int status, Map<String, String> headers, String body, Duration delay) {
        this(status, headers, key -> body, delay, new AtOnce());
    }

    public static Fault status(int status, String body) {
        return new Fault(status, Map.of("Content-Type", "application/json"), body, Duration.ZERO);
    }

    /** HTTP 200 with a body that is not a proper reply. */
    public static Fault body(String body) {
        return status(200, body);
    }

    /** A reply that shows the key the request carried: {@code page} makes the body from it. */
    public static Fault echoingKey(int status, String contentType, UnaryOperator<String> page) {
        return new Fault(status, Map.of("Content-Type", contentType), page, Duration.ZERO, new AtOnce());
    }

    public Fault delayedBy(Duration by) {
        return new Fault(status, headers, bodyOfKey, by, pace);
    }

    public Fault trickled(int bytesPerWrite, Duration gap) {
        return new Fault(status, headers, bodyOfKey, delay, new Trickle(bytesPerWrite, gap));
    }

    public Fault repeatedTo(long bytes, boolean contentLength) {
        return new Fault(status, headers, bodyOfKey, delay, new Repeated(bytes, contentLength));
    }
}
