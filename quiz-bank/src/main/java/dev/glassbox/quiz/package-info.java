/** quiz-bank */
package dev.glassbox.quiz;
