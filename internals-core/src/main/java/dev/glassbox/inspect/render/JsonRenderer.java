package dev.glassbox.inspect.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.glassbox.inspect.MountView;
import dev.glassbox.mount.OverlayStack;
import dev.glassbox.mount.UpperDirReport;
import java.util.List;

/** The views as JSON, for {@code glassbox show --format json}: the records as Jackson writes them. */
public final class JsonRenderer {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private JsonRenderer() {}

    public static ObjectMapper mapper() { return MAPPER; }

    /** Any view (or list of views) as indented JSON. */
    public static String json(Object view) {
        try {
            return MAPPER.writeValueAsString(view);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + view.getClass().getSimpleName() + " as JSON: " + e.getMessage(), e);
        }
    }

    /** One overlay and what its upper directory holds. */
    public record OverlayReport(OverlayStack overlay, UpperDirReport upper) {}

    /** The overlays of a mount view with their upper-directory reports (reads the upper directories). */
    public static String layers(MountView v) {
        List<OverlayReport> reports = v.overlays().stream().map(o -> new OverlayReport(o, o.scanUpper())).toList();
        return json(reports);
    }
}
