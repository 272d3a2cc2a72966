package io.distill.contract.events;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes a {@link SoftTarget} as the same JSON that {@link JsonSerializer} writes, straight into a
 * byte array, without Jackson's generic record path.
 *
 * <p>Soft targets are the one event sent tens of thousands of times a second. The fields are fixed,
 * the strings are ids and base64, and the pixels can be encoded from the raw bytes without first
 * building the event's base64 string. Consumers read the bytes with Jackson as before; a test
 * checks that both writers agree.
 */
public class SoftTargetSerializer implements Serializer<SoftTarget> {

    private static final byte[] SET = ascii("{\"transferSetId\":");
    private static final byte[] EXAMPLE = ascii(",\"exampleId\":");
    private static final byte[] COPY = ascii(",\"copy\":");
    private static final byte[] LABEL = ascii(",\"label\":");
    private static final byte[] LOGITS = ascii(",\"logits\":");
    private static final byte[] FEATURES = ascii(",\"features\":");
    private static final byte[] SHAPE = ascii(",\"shape\":");
    private static final byte[] NULL = ascii("null");

    @Override
    public byte[] serialize(String topic, SoftTarget e) {
        if (e == null) {
            return null;
        }
        byte[] features = e.features() == null ? null : e.features().getBytes(StandardCharsets.ISO_8859_1);
        return write(e.transferSetId(), e.exampleId(), e.copy(), e.label(), e.logits(), 0,
                e.logits() == null ? 0 : e.logits().length, features, e.shape(), false);
    }

    /**
     * The JSON of copy {@code copy} of one example built from its parts: {@code count} logits from
     * {@code logits[from]}, and the raw uint8 {@code pixels}, base64-encoded here.
     */
    public static byte[] write(String transferSetId, int exampleId, int copy, int label, float[] logits, int from,
            int count, byte[] pixels, int[] shape) {
        return write(transferSetId, exampleId, copy, label, logits, from, count, pixels, shape, true);
    }

    private static byte[] write(String transferSetId, int exampleId, int copy, int label, float[] logits, int from,
            int count, byte[] features, int[] shape, boolean encode) {
        int featureBytes = features == null ? 4 : 2 + (encode ? 4 * ((features.length + 2) / 3) : features.length);
        Out out = new Out(160 + 16 * count + featureBytes + 2 * transferSetId.length());
        out.put(SET).string(transferSetId);
        out.put(EXAMPLE).ascii(Integer.toString(exampleId));
        out.put(COPY).ascii(Integer.toString(copy));
        out.put(LABEL).ascii(Integer.toString(label));
        out.put(LOGITS);
        if (logits == null) {
            out.put(NULL);
        } else {
            out.put('[');
            for (int i = 0; i < count; i++) {
                // Float.toString writes NaN and Infinity bare, as Jackson does; consumers refuse them.
                out.put((byte) ',', i > 0).ascii(Float.toString(logits[from + i]));
            }
            out.put(']');
        }
        out.put(FEATURES);
        if (features == null) {
            out.put(NULL);
        } else if (encode) {
            out.put('"').base64(features).put('"');
        } else {
            out.string(new String(features, StandardCharsets.ISO_8859_1));
        }
        out.put(SHAPE);
        if (shape == null) {
            out.put(NULL);
        } else {
            out.put('[');
            for (int i = 0; i < shape.length; i++) {
                out.put((byte) ',', i > 0).ascii(Integer.toString(shape[i]));
            }
            out.put(']');
        }
        return out.put('}').bytes();
    }

    /** A growing byte buffer with the few JSON writes this event needs. */
    private static final class Out {
        private byte[] buf;
        private int len;

        Out(int capacity) {
            buf = new byte[capacity];
        }

        private void room(int n) {
            if (len + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
            }
        }

        Out put(byte[] b) {
            room(b.length);
            System.arraycopy(b, 0, buf, len, b.length);
            len += b.length;
            return this;
        }

        Out put(char c) {
            room(1);
            buf[len++] = (byte) c;
            return this;
        }

        Out put(byte b, boolean when) {
            return when ? put((char) b) : this;
        }

        /** Characters known to be ASCII: numbers. */
        Out ascii(String s) {
            room(s.length());
            for (int i = 0; i < s.length(); i++) {
                buf[len++] = (byte) s.charAt(i);
            }
            return this;
        }

        Out base64(byte[] raw) {
            int n = 4 * ((raw.length + 2) / 3);
            room(n);
            byte[] encoded = Base64.getEncoder().encode(raw);
            System.arraycopy(encoded, 0, buf, len, n);
            len += n;
            return this;
        }

        /** A JSON string literal, escaping quotes, backslashes and control characters. */
        Out string(String value) {
            if (value == null) {
                return put(NULL);
            }
            StringBuilder escaped = new StringBuilder(value.length() + 2).append('"');
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '"' || c == '\\') {
                    escaped.append('\\').append(c);
                } else if (c < 0x20) {
                    escaped.append(String.format("\\u%04x", (int) c));
                } else {
                    escaped.append(c);
                }
            }
            return put(escaped.append('"').toString().getBytes(StandardCharsets.UTF_8));
        }

        byte[] bytes() {
            return Arrays.copyOf(buf, len);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
