package dev.glassbox.engine;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line's everyday requests and answers (create, wait, ps, an error's message) in
 * jackson-core's streaming API, without databind. A command line is a fresh JVM each time:
 * building databind's ObjectMapper and introspecting a record cost about 40 ms of a 240 ms
 * {@code glassbox run --rm}, for a body of 200 bytes. The engine, a long-lived JVM, reads
 * them with databind.
 */
final class StreamingJson {
    private StreamingJson() {}

    private static final JsonFactory FACTORY = new JsonFactory();

    interface Writer {
        void write(JsonGenerator g) throws IOException;
    }

    /** The bytes {@code w} writes. */
    static byte[] bytes(Writer w) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            w.write(g);
        }
        return out.toByteArray();
    }

    /** A value as databind writes it: strings, numbers, booleans, lists and string-keyed maps, nested. */
    static void value(JsonGenerator g, Object v) throws IOException {
        switch (v) {
            case null -> g.writeNull();
            case String s -> g.writeString(s);
            case Boolean b -> g.writeBoolean(b);
            case Integer i -> g.writeNumber(i);
            case Long l -> g.writeNumber(l);
            case Number n -> g.writeNumber(n.toString());
            case List<?> list -> {
                g.writeStartArray();
                for (Object o : list) value(g, o);
                g.writeEndArray();
            }
            case Map<?, ?> map -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    g.writeFieldName(String.valueOf(e.getKey()));
                    value(g, e.getValue());
                }
                g.writeEndObject();
            }
            default -> throw new IllegalArgumentException("no JSON for a " + v.getClass().getName());
        }
    }

    /** A field, left out when null (databind's NON_NULL). */
    static void field(JsonGenerator g, String name, Object v) throws IOException {
        if (v == null) return;
        g.writeFieldName(name);
        value(g, v);
    }

    /** The top-level field {@code name} of a JSON object as text (a number as its digits); null when absent or not JSON. */
    static String text(String json, String name) {
        if (json == null || json.isEmpty()) return null;
        try (JsonParser p = FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken t = p.nextToken();
                if (f.equalsIgnoreCase(name) && t.isScalarValue()) return t == JsonToken.VALUE_NULL ? null : p.getText();
                p.skipChildren();
            }
            return null;
        } catch (IOException notJson) {
            return null;
        }
    }

    /** {@code GET /containers/json}'s answer, read into summaries. */
    static List<ContainerSummary> summaries(String json) throws IOException {
        List<ContainerSummary> out = new ArrayList<>();
        try (JsonParser p = FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_ARRAY) throw new IOException("not a list of containers: " + json);
            while (p.nextToken() == JsonToken.START_OBJECT) out.add(summary(p));
        }
        return out;
    }

    private static ContainerSummary summary(JsonParser p) throws IOException {
        String id = null, image = null, command = null, state = null, status = null;
        long created = 0;
        Long sizeRw = null, sizeRootFs = null;
        List<String> names = null;
        Map<String, String> labels = null;
        List<ContainerSummary.Port> ports = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            JsonToken t = p.nextToken();
            if (t == JsonToken.VALUE_NULL) continue;
            switch (f.toLowerCase(java.util.Locale.ROOT)) {
                case "id" -> id = p.getText();
                case "image" -> image = p.getText();
                case "command" -> command = p.getText();
                case "state" -> state = p.getText();
                case "status" -> status = p.getText();
                case "created" -> created = p.getValueAsLong();
                case "sizerw" -> sizeRw = p.getValueAsLong();
                case "sizerootfs" -> sizeRootFs = p.getValueAsLong();
                case "names" -> names = strings(p);
                case "labels" -> labels = stringMap(p);
                case "ports" -> ports = ports(p);
                default -> p.skipChildren();
            }
        }
        return new ContainerSummary(id, names, image, command, created, state, status, labels, ports, sizeRw, sizeRootFs);
    }

    private static List<String> strings(JsonParser p) throws IOException {
        List<String> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) out.add(p.getText());
        return out;
    }

    private static Map<String, String> stringMap(JsonParser p) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String k = p.currentName();
            p.nextToken();
            out.put(k, p.currentToken() == JsonToken.VALUE_NULL ? null : p.getText());
        }
        return out;
    }

    private static List<ContainerSummary.Port> ports(JsonParser p) throws IOException {
        List<ContainerSummary.Port> out = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_OBJECT) {
            String ip = null, type = null;
            int privatePort = 0, publicPort = 0;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                p.nextToken();
                switch (f.toLowerCase(java.util.Locale.ROOT)) {
                    case "ip" -> ip = p.currentToken() == JsonToken.VALUE_NULL ? null : p.getText();
                    case "privateport" -> privatePort = p.getValueAsInt();
                    case "publicport" -> publicPort = p.getValueAsInt();
                    case "type" -> type = p.currentToken() == JsonToken.VALUE_NULL ? null : p.getText();
                    default -> p.skipChildren();
                }
            }
            out.add(new ContainerSummary.Port(ip, privatePort, publicPort, type));
        }
        return out;
    }
}
