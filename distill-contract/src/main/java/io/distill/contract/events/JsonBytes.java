package io.distill.contract.events;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/** A growing byte buffer with the few JSON writes {@link SoftTargetSerializer} needs. */
final class JsonBytes {

    private static final byte[] NULL = literal("null");

    private byte[] buf;
    private int len;

    JsonBytes(int capacity) {
        buf = new byte[capacity];
    }

    private void room(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }

    JsonBytes put(byte[] b) {
        room(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
        return this;
    }

    JsonBytes put(char c) {
        room(1);
        buf[len++] = (byte) c;
        return this;
    }

    JsonBytes put(byte b, boolean when) {
        return when ? put((char) b) : this;
    }

    /** Characters known to be ASCII: numbers. */
    JsonBytes ascii(String s) {
        room(s.length());
        for (int i = 0; i < s.length(); i++) {
            buf[len++] = (byte) s.charAt(i);
        }
        return this;
    }

    /** A JSON string of the base64 of {@code raw}, encoded straight from the bytes. */
    JsonBytes base64(byte[] raw) {
        int n = 4 * ((raw.length + 2) / 3);
        room(n + 2);
        buf[len++] = '"';
        byte[] encoded = Base64.getEncoder().encode(raw);
        System.arraycopy(encoded, 0, buf, len, n);
        len += n;
        buf[len++] = '"';
        return this;
    }

    /** A JSON array of {@code count} floats from {@code values[from]}, as Jackson writes them. */
    JsonBytes floats(float[] values, int from, int count) {
        put('[');
        for (int i = 0; i < count; i++) {
            // Float.toString writes NaN and Infinity bare, as Jackson does; consumers refuse them.
            put((byte) ',', i > 0).ascii(Float.toString(values[from + i]));
        }
        return put(']');
    }

    /** A JSON array of ints. */
    JsonBytes ints(int[] values) {
        put('[');
        for (int i = 0; i < values.length; i++) {
            put((byte) ',', i > 0).ascii(Integer.toString(values[i]));
        }
        return put(']');
    }

    /** A JSON string literal, escaping quotes, backslashes and control characters; null as {@code null}. */
    JsonBytes string(String value) {
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

    static byte[] literal(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
