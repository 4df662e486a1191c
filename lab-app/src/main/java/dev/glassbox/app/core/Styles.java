package dev.glassbox.app.core;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The app's stylesheet, kept in code (a data: URL) so the app is one class path with no
 * resource lookup. {@code .presenter} on the root switches to large fonts and high contrast.
 */
public final class Styles {
    private Styles() {}

    static final String CSS = """
            .root { -fx-font-size: 13px; }
            .page-title { -fx-font-size: 20px; -fx-font-weight: bold; -fx-padding: 4 0 0 0; }
            .page-explanation { -fx-text-fill: #57606a; }
            .page-message { -fx-text-fill: #cf222e; -fx-padding: 4; }
            .mono { -fx-font-family: "DejaVu Sans Mono", monospace; }
            .table-head { -fx-font-weight: bold; }
            .tag-host { -fx-text-fill: #57606a; }
            .tag-private { -fx-text-fill: #0969da; -fx-font-weight: bold; }
            .step-title { -fx-font-size: 16px; -fx-font-weight: bold; }
            .step-explanation { -fx-font-size: 14px; }
            .step-done { -fx-text-fill: #1a7f37; }
            .step-next { -fx-font-weight: bold; }
            .list-cell.step-done:selected, .list-cell.step-failed:selected { -fx-text-fill: #ffffff; }
            .step-failed { -fx-text-fill: #cf222e; }
            .cap-extra { -fx-background-color: #fff8c5; }
            .cap-missing { -fx-background-color: #ffebe9; }
            .file-upper { -fx-background-color: #ddf4ff; }
            .file-deleted { -fx-background-color: #ffebe9; }
            .target-bar { -fx-padding: 6; -fx-alignment: center-left; -fx-background-color: #f6f8fa; }
            .status-line { -fx-padding: 3 6 3 6; -fx-background-color: #f6f8fa; }
            .presenter-banner { -fx-padding: 8 12 8 12; -fx-background-color: #000000; -fx-text-fill: #ffffff; -fx-font-size: 22px; }
            .side-panel { -fx-padding: 8; }
            .md-text { -fx-font-size: 14px; -fx-fill: #1f2328; }
            .md-inline-code { -fx-font-family: "DejaVu Sans Mono", monospace; -fx-fill: #953800; }
            .md-bold { -fx-font-weight: bold; }
            .md-heading-h1 { -fx-font-size: 20px; -fx-font-weight: bold; }
            .md-heading-h2, .md-heading-h3 { -fx-font-size: 16px; -fx-font-weight: bold; }
            .md-code { -fx-background-color: #f6f8fa; -fx-border-color: #d0d7de; -fx-padding: 6; }
            .ex-bar { -fx-padding: 6; -fx-alignment: center-left; }
            .ex-item-title { -fx-font-weight: bold; }
            .ex-item-sub { -fx-font-size: 11px; -fx-text-fill: #57606a; }
            .ex-card { -fx-padding: 6; -fx-border-width: 0 0 0 4; }
            .ex-card-pass { -fx-border-color: #1a7f37; -fx-background-color: #f0fff4; }
            .ex-card-fail { -fx-border-color: #cf222e; -fx-background-color: #fff5f5; }
            .ex-feedback { -fx-text-fill: #82071e; }
            .ex-hint-text { -fx-background-color: #fff8c5; -fx-padding: 4; }
            .check-pass { -fx-text-fill: #1a7f37; -fx-font-weight: bold; }
            .check-fail { -fx-text-fill: #cf222e; -fx-font-weight: bold; }
            .changed-cell { -fx-background-color: #ffd8b5; -fx-font-weight: bold; }
            .changed-head { -fx-text-fill: #bc4c00; -fx-font-weight: bold; }
            .presenter .md-text { -fx-font-size: 22px; }
            .presenter { -fx-font-size: 20px; -fx-base: #ffffff; -fx-text-base-color: #000000; }
            .presenter .page-title { -fx-font-size: 30px; }
            .presenter .page-explanation { -fx-text-fill: #000000; }
            .presenter .step-title { -fx-font-size: 28px; }
            .presenter .step-explanation { -fx-font-size: 24px; }
            """;

    public static String url() {
        return "data:text/css;base64," + Base64.getEncoder().encodeToString(CSS.getBytes(StandardCharsets.UTF_8));
    }
}
