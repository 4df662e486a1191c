package dev.glassbox.exercise;

/**
 * One graded check, as the CLI prints it and the app's pane shows it.
 *
 * @param id          the check's id
 * @param description what it wants, in one line
 * @param passed      whether the machine holds it
 * @param points      the points earned (all or nothing)
 * @param maxPoints   the points it is worth
 * @param expected    what it expected, as text
 * @param observed    what the machine holds, as text
 * @param feedback    the feedback line for a failure, null when passed
 * @param hint        the check's hint, null when there is none
 * @param view        the live view to highlight: namespaces, cgroups, caps, layers or network
 */
public record CheckResult(String id, String description, boolean passed, int points, int maxPoints, String expected,
                          String observed, String feedback, String hint, String view) {}
