package dev.glassbox.exercise;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads exercise files: YAML ({@code .yaml}, {@code .yml}) or JSON, strictly: an unknown check
 * or action type or an unknown field is an error that names the file and the field.
 */
public final class ExerciseFiles {
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ExerciseFiles() {}

    public static Exercise read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.getFileName().toString());
        } catch (IOException e) {
            throw new InvalidExerciseException(file + ": cannot read: " + e.getMessage());
        }
    }

    /** Parses one file; {@code name} decides the format and names the file in errors. */
    public static Exercise read(InputStream in, String name) {
        ObjectMapper mapper = name.endsWith(".json") ? JSON : YAML;
        try {
            return mapper.readValue(in, Exercise.class);
        } catch (InvalidTypeIdException e) {
            throw new InvalidExerciseException(name + ": unknown type \"" + e.getTypeId() + "\" at " + where(e)
                    + " (see `glassbox exercise validate --types` for the vocabulary)");
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidExerciseException(name + ": unknown field \"" + e.getPropertyName() + "\" at " + where(e)
                    + " (known: " + e.getKnownPropertyIds() + ")");
        } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
            Throwable root = e;
            while (root.getCause() != null) root = root.getCause();
            String msg = root instanceof IllegalArgumentException || root instanceof NullPointerException ? root.getMessage() : e.getOriginalMessage();
            throw new InvalidExerciseException(name + ": " + msg + " at " + where(e));
        } catch (IOException e) {
            throw new InvalidExerciseException(name + ": not valid " + (mapper == JSON ? "JSON" : "YAML") + ": " + e.getMessage());
        }
    }

    private static String where(com.fasterxml.jackson.databind.JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getFieldName() != null) b.append(b.isEmpty() ? "" : ".").append(ref.getFieldName());
            else if (ref.getIndex() >= 0) b.append("[").append(ref.getIndex()).append("]");
        }
        String loc = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
        return (b.isEmpty() ? "top level" : b.toString()) + loc;
    }
}
