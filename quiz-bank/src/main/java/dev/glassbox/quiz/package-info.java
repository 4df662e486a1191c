/**
 * The quiz bank: questions as data files ({@code model}, {@code bank}), the timed quiz engine
 * ({@code engine}), answers computed on the learner's machine ({@code live}), the per-topic
 * history of attempts ({@code history}) and Moodle XML / GIFT export and import ({@code exchange}).
 */
package dev.glassbox.quiz;
