package dev.glassbox.app.core;

import dev.glassbox.runtime.ContainerService.Attach;
import java.util.concurrent.Callable;

/**
 * A terminal to open: a title and how to reach the pty (called off the FX thread:
 * {@code attach} of a {@code -it} container, or an exec's start).
 */
public record TerminalRequest(String title, Callable<Attach> connect) {}
