package io.distill.contract.requests;

import io.distill.contract.jobs.FieldException;
import io.distill.contract.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;

/** Refuses a request whose JSON is longer than {@link Bounds#MAX_REQUEST_BYTES}, naming its plan. */
public final class RequestSize {

    private RequestSize() {}

    /**
     * Throws {@link FieldException} on {@code plan} (or {@code body} when {@code plan} is null) unless
     * {@code request} serializes to at most {@link Bounds#MAX_REQUEST_BYTES}. It stops counting at the
     * limit, so a request of nested plans that would write gigabytes costs nothing to refuse.
     */
    public static void require(Object request, Object plan) {
        if (!fits(request, Bounds.MAX_REQUEST_BYTES)) {
            throw new FieldException(plan != null ? "plan" : "body", String.format(Locale.ROOT,
                    "makes the request longer than %,d bytes (%d KiB) of JSON, the most a request may take: a"
                            + " plan travels in Kafka events, which the broker refuses above 1 MiB",
                    Bounds.MAX_REQUEST_BYTES, Bounds.MAX_REQUEST_BYTES / 1024));
        }
    }

    /** Whether {@code request} serializes to at most {@code limit} bytes of JSON. */
    public static boolean fits(Object request, long limit) {
        try {
            Json.mapper().writeValue(new Counter(limit), request);
            return true;
        } catch (Counter.Full e) {
            return false;
        } catch (IOException e) {
            throw new IllegalArgumentException("The request could not be written as JSON: " + e.getMessage(), e);
        }
    }

    /** An output stream that only counts, and gives up past its limit. */
    private static final class Counter extends OutputStream {

        private final long limit;
        private long count;

        Counter(long limit) {
            this.limit = limit;
        }

        @Override
        public void write(int b) throws Full {
            add(1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws Full {
            add(len);
        }

        private void add(long bytes) throws Full {
            count += bytes;
            if (count > limit) {
                throw new Full();
            }
        }

        /** Thrown once the count passes the limit; no stack trace, it is expected. */
        static final class Full extends IOException {
            Full() {
                super("over the limit", null);
            }

            @Override
            public synchronized Throwable fillInStackTrace() {
                return this;
            }
        }
    }
}
