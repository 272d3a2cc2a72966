package io.distill.core.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.distill.core.events.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads the fields of a JSON request, with defaults, and reports any bad one as a
 * {@link FieldException} naming it. An absent field takes its default; an explicit {@code null}
 * is kept apart where the contract gives it a meaning (for example {@code "maxNorm": null}).
 */
public final class RequestFields {

    private final ObjectNode body;

    private RequestFields(ObjectNode body) {
        this.body = body;
    }

    /** Wraps a request body, refusing anything but an object with only the {@code allowed} keys. */
    public static RequestFields of(JsonNode body, Set<String> allowed) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            return new RequestFields(Json.mapper().createObjectNode());
        }
        if (!body.isObject()) {
            throw new FieldException("body", "is a JSON " + body.getNodeType().name().toLowerCase()
                    + ", expected an object");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new FieldException(name, "is not a known field; known fields are " + allowed.stream().sorted().toList());
            }
        }
        return new RequestFields((ObjectNode) body);
    }

    public boolean has(String field) {
        return body.has(field);
    }

    public boolean isExplicitNull(String field) {
        return body.has(field) && body.get(field).isNull();
    }

    public int integer(String field, int fallback) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new FieldException(field, "is " + node + ", expected a whole number");
        }
        return node.intValue();
    }

    /** An optional whole number: null when absent or null. */
    public Integer optionalInteger(String field) {
        return body.has(field) && !body.get(field).isNull() ? integer(field, 0) : null;
    }

    public double number(String field, double fallback) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isNumber() || !Double.isFinite(node.doubleValue())) {
            throw new FieldException(field, "is " + node + ", expected a number");
        }
        return node.doubleValue();
    }

    /** A number that may be switched off with an explicit null: absent gives the fallback. */
    public Double nullableNumber(String field, Double fallback) {
        if (!body.has(field)) {
            return fallback;
        }
        return body.get(field).isNull() ? null : number(field, 0);
    }

    public boolean bool(String field, boolean fallback) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isBoolean()) {
            throw new FieldException(field, "is " + node + ", expected true or false");
        }
        return node.booleanValue();
    }

    public String text(String field, String fallback) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isTextual()) {
            throw new FieldException(field, "is " + node + ", expected a string");
        }
        return node.textValue();
    }

    /** A text field that must be one of {@code choices}. */
    public String choice(String field, String fallback, List<String> choices) {
        String value = text(field, fallback);
        if (value != null && !choices.contains(value)) {
            throw new FieldException(field, "is \"" + value + "\", expected one of " + choices);
        }
        return value;
    }

    public List<Integer> integers(String field, List<Integer> fallback) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isArray()) {
            throw new FieldException(field, "is " + node + ", expected a list of whole numbers");
        }
        List<Integer> values = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isIntegralNumber() || !item.canConvertToInt()) {
                throw new FieldException(field, "holds " + item + ", expected whole numbers");
            }
            values.add(item.intValue());
        }
        return values;
    }

    public List<String> texts(String field, List<String> fallback) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isArray()) {
            throw new FieldException(field, "is " + node + ", expected a list of strings");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                throw new FieldException(field, "holds " + item + ", expected strings");
            }
            values.add(item.textValue());
        }
        return values;
    }

    /** A JSON object passed through as it is (for example a pipeline plan), or null. */
    public JsonNode object(String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new FieldException(field, "is " + node + ", expected an object");
        }
        return node;
    }
}
