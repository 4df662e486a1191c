package dev.glassbox.quiz.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The question types of the bank; each maps to a Moodle question type. */
public enum QuestionType {
    SINGLE("single", "multichoice"),
    MULTIPLE("multiple", "multichoice"),
    TRUE_FALSE("truefalse", "truefalse"),
    SHORT_ANSWER("short", "shortanswer"),
    NUMERICAL("numerical", "numerical"),
    MATCHING("matching", "matching");

    private final String key;
    private final String moodleType;

    QuestionType(String key, String moodleType) {
        this.key = key;
        this.moodleType = moodleType;
    }

    /** The name used in question files, e.g. {@code single}. */
    @JsonValue
    public String key() {
        return key;
    }

    /** The {@code type} attribute of a Moodle XML {@code <question>}. */
    public String moodleType() {
        return moodleType;
    }

    @JsonCreator
    public static QuestionType fromKey(String key) {
        for (QuestionType t : values()) {
            if (t.key.equalsIgnoreCase(key) || t.name().equalsIgnoreCase(key)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown question type '" + key
                + "': use one of single, multiple, truefalse, short, numerical, matching");
    }
}
