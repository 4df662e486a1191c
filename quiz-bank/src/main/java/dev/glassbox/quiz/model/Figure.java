package dev.glassbox.quiz.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Base64;

/**
 * A figure shown with a question: a file name (under {@code questions/figures/}), its
 * alternative text, and its content in base64 (filled by the loader, carried by Moodle XML).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Figure(String file, String alt, @JsonIgnore String base64) {
    public Figure withContent(byte[] bytes) {
        return new Figure(file, alt, Base64.getEncoder().encodeToString(bytes));
    }

    @JsonIgnore
    public byte[] bytes() {
        return base64 == null ? new byte[0] : Base64.getDecoder().decode(base64);
    }

    /** The MIME type guessed from the file name, for an {@code <img>} or a data URL. */
    @JsonIgnore
    public String mimeType() {
        String f = file.toLowerCase(java.util.Locale.ROOT);
        if (f.endsWith(".svg")) return "image/svg+xml";
        if (f.endsWith(".jpg") || f.endsWith(".jpeg")) return "image/jpeg";
        if (f.endsWith(".gif")) return "image/gif";
        return "image/png";
    }
}
