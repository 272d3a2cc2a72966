package io.distill.contract.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.distill.contract.datasets.ElementType;

/**
 * How the events of a transfer set carry their examples' features, as its {@link TransferSetManifest}
 * says: written {@code "inline"} or {@code "reference"}.
 *
 * <p>The rule ({@link #of}): an example goes inline when it is uint8 and takes at most the stream's
 * inline limit in bytes (4,096 by default, so a 28x28 digit stays inline and a console consumer still
 * sees its pixels); anything bigger, and every float32 example, goes as a reference to the registered
 * set that holds it.
 */
public enum FeatureForm {
    /** The uint8 features in base64 in each event, with their shape. */
    INLINE("inline"),
    /** Each event names its example (data set, split, example id, copy); consumers read it from the set. */
    REFERENCE("reference");

    /** The inline limit the soft-target service applies unless configured otherwise. */
    public static final int DEFAULT_INLINE_MAX_BYTES = 4_096;

    private final String label;

    FeatureForm(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }

    /** The form whose label is {@code label}; an absent one is {@link #INLINE}, as producers older than references wrote. */
    @JsonCreator
    public static FeatureForm of(String label) {
        if (label == null) {
            return INLINE;
        }
        for (FeatureForm form : values()) {
            if (form.label.equals(label)) {
                return form;
            }
        }
        throw new IllegalArgumentException("Feature form is \"" + label + "\", expected inline or reference.");
    }

    /**
     * The form of a set whose examples are {@code features} values of {@code type} each, given the
     * largest example sent inline, {@code inlineMaxBytes} (0 sends every example as a reference).
     */
    public static FeatureForm of(ElementType type, int features, int inlineMaxBytes) {
        long bytes = (long) features * type.bytes();
        return type == ElementType.UINT8 && bytes <= inlineMaxBytes ? INLINE : REFERENCE;
    }
}
