/** exercises */
package dev.glassbox.exercise;
