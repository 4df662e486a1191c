package dev.glassbox.engine;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/**
 * One entry of {@code GET /containers/json}, as the client reads it. {@code created} is in
 * unix seconds; {@code status} is Docker's line ("Up 3 seconds", "Exited (0) 5 seconds ago");
 * {@code sizeRw} and {@code sizeRootFs} are null unless the list was asked with sizes.
 */
@JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContainerSummary(String id, List<String> names, String image, String command, long created,
                               String state, String status, Map<String, String> labels, List<Port> ports,
                               Long sizeRw, Long sizeRootFs) {

    /** Without ports and sizes. */
    public ContainerSummary(String id, List<String> names, String image, String command, long created, String state,
                            String status, Map<String, String> labels) {
        this(id, names, image, command, created, state, status, labels, List.of(), null, null);
    }

    /** A published port: {@code {"IP": "0.0.0.0", "PrivatePort": 80, "PublicPort": 8080, "Type": "tcp"}}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Port(@JsonProperty("IP") String ip, @JsonProperty("PrivatePort") int privatePort,
                       @JsonProperty("PublicPort") int publicPort, @JsonProperty("Type") String type) {}

    /** The first name without Docker's leading slash. */
    public String name() {
        if (names == null || names.isEmpty()) return "";
        String n = names.getFirst();
        return n.startsWith("/") ? n.substring(1) : n;
    }
}
