package dev.glassbox.quiz.exchange;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Question texts are plain text with `code` in backticks. Moodle shows HTML, so texts go out as
 * HTML ({@code <code>}, {@code <br>}) and come back to plain text by the reverse mapping; other
 * tags in foreign questions are dropped.
 */
final class Markup {
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final Pattern HTML_CODE = Pattern.compile("<code>(.*?)</code>", Pattern.DOTALL);

    private Markup() {
    }

    static String toHtml(String plain) {
        if (plain == null) return "";
        String escaped = escape(plain);
        Matcher m = CODE.matcher(escaped);
        StringBuilder sb = new StringBuilder();
        while (m.find()) m.appendReplacement(sb, Matcher.quoteReplacement("<code>" + m.group(1) + "</code>"));
        m.appendTail(sb);
        return sb.toString().replace("\n", "<br>");
    }

    static String fromHtml(String html) {
        if (html == null) return null;
        String s = html.replaceAll("(?i)<br\\s*/?>", "\n").replaceAll("(?i)</p>\\s*<p[^>]*>", "\n\n");
        Matcher m = HTML_CODE.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) m.appendReplacement(sb, Matcher.quoteReplacement("`" + m.group(1) + "`"));
        m.appendTail(sb);
        s = sb.toString().replaceAll("<[^>]+>", "");
        return unescape(s).strip();
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&nbsp;", " ").replace("&amp;", "&");
    }
}
