package dev.glassbox.runtime.step;

import java.util.List;

/** What one step did, for the learner: shown by {@code run --step}, the app and the API. */
public record StepReport(int index, int total, String id, String title, String explanation,
                         List<String> shellEquivalent, List<String> changes) {}
