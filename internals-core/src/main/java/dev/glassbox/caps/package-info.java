/**
 * Linux capabilities: the 41 of them by number and C name ({@link dev.glassbox.caps.Capability}),
 * and sets of them as the kernel stores them, 64-bit masks ({@link dev.glassbox.caps.CapSet}),
 * with Docker's default set and the parsing {@code --cap-add}/{@code --cap-drop} need.
 */
package dev.glassbox.caps;
