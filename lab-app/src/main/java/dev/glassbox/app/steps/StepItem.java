package dev.glassbox.app.steps;

import dev.glassbox.runtime.step.StepReport;

/**
 * One line of the step list: its title, whether it has been applied, and what it reported.
 *
 * @param report null until applied
 */
public record StepItem(int index, String title, Status status, StepReport report) {
    public enum Status { PENDING, NEXT, DONE, FAILED }

    @Override
    public String toString() {
        String mark = switch (status) {
            case DONE -> "\u2714 ";
            case NEXT -> "\u25b6 ";
            case FAILED -> "\u2716 ";
            case PENDING -> "   ";
        };
        return mark + index + ". " + title;
    }
}
