package dev.glassbox.app;

import javafx.scene.Node;

/** One page of the lab app, listed in the navigation on the left. */
public interface Page {
    /** The name shown in the navigation. */
    String title();

    /** The page's content; called once, when the page is first shown. */
    Node view();
}
